package io.tango.plugin.local.engine.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelSignature;
import io.tango.api.TangoException;
import io.tango.api.TangoModel;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngine;
import io.tango.plugin.local.engine.TabularLayout;
import io.tango.plugin.local.store.MlflowModelFolder;
import io.tango.plugin.local.store.ModelFolders;
import io.tango.plugin.local.store.ModelManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code onnx} engine: runs ONNX models with ONNX Runtime for Java on the CPU.
 *
 * <p>The artifact path may be the {@code .onnx} file itself, a store version folder ({@code tango-model.json}), an
 * MLflow model folder ({@code MLmodel} with an onnx flavor), or a folder holding exactly one {@code .onnx} file. A
 * model without a declared signature gets the graph's inputs and outputs as its signature. Thread settings come from
 * {@link EngineSettings}. Stateless and thread-safe.
 */
public final class OnnxModelEngine implements ModelEngine {
    /** The engine's name, and the format of the models it loads. */
    public static final String NAME = "onnx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Runs ONNX models with ONNX Runtime (CPU)";
    }

    @Override
    public boolean canLoad() {
        return true;
    }

    @Override
    public TangoModel<?, ?> load(ModelDescriptor descriptor, EngineSettings settings) {
        Path file = onnxFile(descriptor);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = null;
        try {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(settings.interOpThreads());
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            session = environment.createSession(file.toString(), options);
            List<OnnxInput> inputs = new ArrayList<>();
            List<FieldSpec> inputFields = new ArrayList<>();
            for (NodeInfo node : session.getInputInfo().values()) {
                OnnxInput input = input(node);
                inputs.add(input);
                inputFields.add(FieldSpec.of(input.name(), input.type(), input.shape()));
            }
            List<FieldSpec> outputFields = new ArrayList<>();
            for (NodeInfo node : session.getOutputInfo().values()) {
                OnnxInput output = input(node);
                outputFields.add(FieldSpec.of(output.name(), output.type(), output.shape()));
            }
            ModelDescriptor described = descriptor.signature().isUnknown()
                    ? descriptor.toBuilder().signature(new ModelSignature(inputFields, outputFields)).build()
                    : descriptor;
            OnnxInputMapper mapper;
            try {
                mapper = new OnnxInputMapper(descriptor.name(), inputs, TabularLayout.of(described));
            } catch (IllegalArgumentException e) {
                throw new TangoException("model '" + descriptor.name() + "' at " + file + " is inconsistent: " + e.getMessage(), e);
            }
            return new OnnxTangoModel(described, environment, session, options, mapper);
        } catch (OrtException e) {
            close(session, options);
            throw new TangoException("ONNX artifact " + file + " of model '" + descriptor.name()
                    + "' cannot be loaded (corrupt, truncated or not an ONNX model): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(session, options);
            throw e;
        }
    }

    private static void close(OrtSession session, OrtSession.SessionOptions options) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // the load error matters more
            }
        }
        options.close();
    }

    private static OnnxInput input(NodeInfo node) {
        if (node.getInfo() instanceof TensorInfo tensor) {
            return new OnnxInput(node.getName(), OnnxValues.dataType(tensor), tensor.getShape());
        }
        return new OnnxInput(node.getName(), DataType.OBJECT, new long[0]);
    }

    /**
     * Finds the ONNX file a descriptor points to.
     *
     * @param descriptor a descriptor whose artifact path is a file or folder
     * @return the ONNX file
     * @throws TangoException if the artifact is missing, naming the path, or a folder names a file outside itself (see
     *     {@link ModelFolders})
     */
    static Path onnxFile(ModelDescriptor descriptor) {
        Path artifact = descriptor.artifactPath().orElseThrow(() -> new TangoException(
                "model '" + descriptor.name() + "' has no local artifact; the onnx engine needs an .onnx file or folder"));
        if (Files.isRegularFile(artifact)) {
            return artifact;
        }
        if (!Files.isDirectory(artifact)) {
            throw new TangoException("ONNX artifact " + artifact + " of model '" + descriptor.name() + "' is missing");
        }
        Optional<String> declared = Optional.ofNullable(descriptor.metadata().get("onnx.file"));
        Path file;
        String what = "model '" + descriptor.name() + "' at " + artifact;
        if (Files.isRegularFile(artifact.resolve(ModelManifest.FILE_NAME))) {
            file = ModelFolders.fileInside(artifact, ModelManifest.read(artifact).artifact(), what);
        } else if (MlflowModelFolder.isMlflowModel(artifact)) {
            return MlflowModelFolder.onnxFile(artifact);
        } else if (declared.isPresent()) {
            file = ModelFolders.fileInside(artifact, declared.get(), what);
        } else {
            file = ModelFolders.fileInside(artifact, singleOnnxFile(descriptor, artifact).getFileName().toString(), what);
        }
        if (!Files.isRegularFile(file)) {
            throw new TangoException("ONNX artifact " + file + " of model '" + descriptor.name() + "' is missing");
        }
        return file;
    }

    private static Path singleOnnxFile(ModelDescriptor descriptor, Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> onnx = files.filter(path -> path.getFileName().toString().endsWith(".onnx")).sorted().toList();
            if (onnx.size() != 1) {
                throw new TangoException("folder " + folder + " of model '" + descriptor.name() + "' holds " + onnx.size()
                        + " .onnx files; the onnx engine needs exactly one, a tango-model.json or an MLmodel file");
            }
            return onnx.get(0);
        } catch (IOException e) {
            throw new TangoException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "OnnxModelEngine";
    }
}
