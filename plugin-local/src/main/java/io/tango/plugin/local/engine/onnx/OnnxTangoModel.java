package io.tango.plugin.local.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tango.api.ModelDescriptor;
import io.tango.api.TangoException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.WorkingSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static java.util.Objects.requireNonNull;

/**
 * A model run by ONNX Runtime. The native request is the map of named input tensors; the native response maps each
 * graph output to a {@link Tensor} (or, for sequence and map outputs, lists and maps).
 *
 * <p>Thread-safe: ONNX Runtime sessions run concurrently. {@link #close()} waits for running inferences and releases
 * the session's native memory; afterwards every call throws {@link IllegalStateException}.
 */
public final class OnnxTangoModel implements TangoModel<Map<String, Tensor>, Map<String, Object>> {
    /** The largest input, in bytes, copied into a thread's reused direct buffer rather than handed over as it is. */
    static final int STAGING_LIMIT = 64 * 1024;

    private final ModelDescriptor descriptor;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final OrtSession.SessionOptions options;
    private final OnnxInputMapper mapper;
    /** An empty response with the metadata, the same for every call: built once, and every response shares it. */
    private final TangoResponse template;
    /** The graph's only input's name, for reading a one-input request without iterating it; null for other graphs. */
    private final String singleInput;
    /** The graph's only output's name, for reading a one-output result by index; null for other graphs. */
    private final String singleOutput;
    /**
     * The shape of the last tensor fed to a one-input graph, handed to ONNX Runtime again (it only reads it) while
     * requests keep that shape, rather than a copy of the tensor's per call. Never changed once published.
     */
    private volatile long[] lastShape = new long[0];
    /**
     * Per calling thread, the direct buffer a one-input graph's heap tensor (every small tensor: see {@link Tensor}) is
     * copied into for ONNX Runtime, reused across calls. Without it ONNX Runtime allocates a direct buffer per call,
     * and at serving rates the garbage collector's pauses are spent notifying their cleaners (issue 17's profile).
     * Inputs larger than {@link #STAGING_LIMIT} are not staged.
     */
    private final ThreadLocal<ByteBuffer> staging = new ThreadLocal<>();
    private final UnaryOperator<ByteBuffer> stage = this::stage;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    OnnxTangoModel(
            ModelDescriptor descriptor,
            OrtEnvironment environment,
            OrtSession session,
            OrtSession.SessionOptions options,
            OnnxInputMapper mapper) {
        this.descriptor = requireNonNull(descriptor, "descriptor is null");
        this.environment = requireNonNull(environment, "environment is null");
        this.session = requireNonNull(session, "session is null");
        this.options = requireNonNull(options, "options is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("model", descriptor.name());
        descriptor.version().ifPresent(version -> fixed.put("version", version));
        fixed.put("engine", OnnxModelEngine.NAME);
        this.template = new TangoResponse(Map.of(), TangoResponse.JSON, fixed);
        this.singleInput = session.getNumInputs() == 1 ? session.getInputNames().iterator().next() : null;
        this.singleOutput = session.getNumOutputs() == 1 ? session.getOutputNames().iterator().next() : null;
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Map<String, Tensor> mapRequest(TangoRequest request, WorkingSession session) {
        requireNonNull(request, "request is null");
        requireNonNull(session, "session is null");
        checkOpen();
        return mapper.map(request);
    }

    @Override
    public Map<String, Object> invoke(Map<String, Tensor> nativeRequest) {
        requireNonNull(nativeRequest, "nativeRequest is null");
        lock.readLock().lock();
        try {
            checkOpen();
            Tensor only = singleInput != null && nativeRequest.size() == 1 ? nativeRequest.get(singleInput) : null;
            if (only != null) {
                // The common one-input graph: one native tensor and a one-entry feed, no lists or ordered maps.
                try (OnnxTensor tensor = OnnxValues.toOnnx(environment, only, shapeOf(only), stage)) {
                    return run(Map.of(singleInput, tensor));
                }
            }
            List<OnnxTensor> created = new ArrayList<>(nativeRequest.size());
            try {
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                for (Map.Entry<String, Tensor> input : nativeRequest.entrySet()) {
                    OnnxTensor tensor = OnnxValues.toOnnx(environment, input.getValue());
                    created.add(tensor);
                    feed.put(input.getKey(), tensor);
                }
                return run(feed);
            } finally {
                created.forEach(OnnxTensor::close);
            }
        } catch (OrtException e) {
            throw new TangoException("ONNX Runtime failed to run model '" + descriptor.name() + "': " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * @return a heap buffer's bytes copied into this thread's staging buffer (valid until this thread's next call), or
     *     the buffer itself when it is direct already or larger than {@link #STAGING_LIMIT}
     */
    private ByteBuffer stage(ByteBuffer data) {
        int bytes = data.remaining();
        if (data.isDirect() || bytes > STAGING_LIMIT) {
            return data;
        }
        ByteBuffer buffer = staging.get();
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(bytes, 1024)).order(ByteOrder.nativeOrder());
            staging.set(buffer);
        }
        buffer.clear();
        buffer.put(data).flip();
        return buffer;
    }

    /** @return the tensor's shape: {@link #lastShape} if equal, else a copy, which becomes the last shape */
    private long[] shapeOf(Tensor tensor) {
        long[] last = lastShape;
        if (last.length == tensor.rank()) {
            boolean same = true;
            for (int i = 0; i < last.length && same; i++) {
                same = last[i] == tensor.dimension(i);
            }
            if (same) {
                return last;
            }
        }
        long[] shape = tensor.shape();
        lastShape = shape;
        return shape;
    }

    /** Runs the session and copies its outputs into plain Java (see {@link OnnxValues#fromOnnx}). */
    private Map<String, Object> run(Map<String, OnnxTensor> feed) throws OrtException {
        try (OrtSession.Result result = session.run(feed)) {
            if (singleOutput != null) {
                return Map.of(singleOutput, OnnxValues.fromOnnx(result.get(0)));
            }
            Map<String, Object> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> output : result) {
                outputs.put(output.getKey(), OnnxValues.fromOnnx(output.getValue()));
            }
            return outputs;
        }
    }

    @Override
    public TangoResponse mapResponse(Map<String, Object> nativeResponse) {
        requireNonNull(nativeResponse, "nativeResponse is null");
        return template.withOutputs(nativeResponse);
    }

    /** @return the feature columns of the tabular form, empty when any are taken in order or none */
    public List<String> columns() {
        return mapper.columns();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model '" + descriptor.name() + "' is closed");
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new TangoException("cannot close the ONNX session of model '" + descriptor.name() + "'", e);
            } finally {
                options.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxTangoModel[" + descriptor.name() + descriptor.version().map(version -> "/" + version).orElse("") + "]";
    }
}
