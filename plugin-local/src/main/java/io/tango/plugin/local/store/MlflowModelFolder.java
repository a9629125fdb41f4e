package io.tango.plugin.local.store;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoException;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.toolkit.mlmodel.MlModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An MLflow model folder (one with an {@code MLmodel} file) whose {@code onnx} flavor plugin-local can run, so a model
 * downloaded from MLflow loads here unchanged. The file is read by tango-plugin-toolkit's {@link MlModel}, the reader
 * plugin-mlflow uses too, so both describe one file with one signature. The artifact is {@code flavors.onnx.data}.
 */
public final class MlflowModelFolder {
    /** The MLflow descriptor file's name. */
    public static final String MLMODEL = MlModel.FILE_NAME;

    private MlflowModelFolder() {}

    /**
     * @param directory a folder
     * @return whether it holds an {@code MLmodel} file
     */
    public static boolean isMlflowModel(Path directory) {
        return MlModel.isModelFolder(directory);
    }

    /**
     * @param directory an MLflow model folder
     * @return the ONNX file its onnx flavor names
     * @throws UnsupportedTangoOperationException if the model has no onnx flavor
     * @throws TangoException if {@code MLmodel} is corrupt, or the file it names is missing or outside the folder (by its
     *     name or a symbolic link: see {@link ModelFolders})
     */
    public static Path onnxFile(Path directory) {
        return onnxFile(directory, MlModel.read(directory));
    }

    private static Path onnxFile(Path directory, MlModel mlmodel) {
        if (!mlmodel.hasFlavor(MlModel.ONNX_FLAVOR)) {
            throw new UnsupportedTangoOperationException("MLflow model at " + directory + " has flavors "
                    + List.copyOf(mlmodel.flavors().keySet()) + "; plugin-local runs only the 'onnx' flavor");
        }
        String data = mlmodel.onnxFile().orElse("model.onnx");
        Path file = ModelFolders.fileInside(directory, data, "MLflow model at " + directory);
        if (!Files.isRegularFile(file)) {
            throw new TangoException("MLflow model at " + directory + " names the ONNX file '" + data + "', which is missing");
        }
        return file;
    }

    /**
     * Describes an MLflow ONNX model folder.
     *
     * @param key the key it was found by
     * @param directory the folder
     * @param origin who describes it
     * @return the descriptor: format {@code onnx}, artifact path = the folder
     * @throws UnsupportedTangoOperationException if the model has no onnx flavor
     * @throws TangoException if {@code MLmodel} or its signature is corrupt
     */
    public static ModelDescriptor describe(ModelKey key, Path directory, String origin) {
        MlModel mlmodel = MlModel.read(directory);
        Path onnxFile = onnxFile(directory, mlmodel);
        String name = directory.toAbsolutePath().normalize().getFileName().toString();
        ModelDescriptor.Builder builder = ModelDescriptor.builder(key, name, "onnx")
                .artifactPath(directory)
                .signature(mlmodel.signature())
                .metadata("onnx.file", directory.relativize(onnxFile).toString())
                .origin(origin);
        for (String field : List.of("run_id", "model_uuid", "model_id", "mlflow_version", "utc_time_created", "artifact_path")) {
            mlmodel.text(field).ifPresent(value -> builder.metadata("mlflow." + field, value));
        }
        return builder.build();
    }
}
