package io.tango.testkit.oip;

import static java.util.Objects.requireNonNull;

import io.tango.testkit.python.PythonRequirements;
import io.tango.testkit.python.TwoPortProcess;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * NVIDIA Triton Inference Server 2.51 through PyTriton 0.7.0 ({@link PythonRequirements#OIP_TRITON}), REST and gRPC
 * on 127.0.0.1, metrics off, with two models bound by {@code triton_peer.py}:
 * <ul>
 *   <li>{@value OipPeerServer#IDENTITY} (version {@value #VERSION}, no batching): every datatype PyTriton binds, that
 *       is all of OIP's but BF16; its inputs are optional, so a request sends only the ones it needs;</li>
 *   <li>{@value #LINEAR} (version {@value #VERSION}, {@code max_batch_size} 8, dynamic batcher): {@code y = x W + b},
 *       {@code x} FP32 {@code [-1, 4]} to {@code y} FP32 {@code [-1, 3]}, an ONNX model (written by the script,
 *       {@code linear.onnx} in the work folder) run by onnxruntime inside the bound Python function.</li>
 * </ul>
 * PyTriton restricts the repository API to a generated access token by default; the script lifts that restriction
 * (the server is on 127.0.0.1), so index and unload work. A PyTriton model that was unloaded cannot be loaded again
 * (Triton answers 500 "failed to poll from model repository"): a test that unloads one needs a server of its own.
 * The script points {@code LD_LIBRARY_PATH} at its interpreter's {@code LIBDIR} (Triton's Python-backend stub links
 * {@code libpython}) and PyTriton's workspace ({@code PYTRITON_HOME}) is inside the work folder.
 */
public final class TritonServer extends OipPeerServer {

    /** The ONNX model's name. */
    public static final String LINEAR = "linear";

    /** The version Triton reports for both models. */
    public static final String VERSION = "1";

    private TritonServer(TwoPortProcess process) {
        super(process);
    }

    /**
     * Builds or reuses the {@code oip-triton} environment, starts Triton and waits until both models are ready.
     *
     * @param workDir a folder of the test's own (the script, the ONNX model, PyTriton's workspace, the log)
     * @return the ready server
     * @throws io.tango.testkit.python.PythonHarnessException if it does not become ready within {@link #STARTUP}
     * @throws NullPointerException if {@code workDir} is null
     */
    public static TritonServer start(Path workDir) {
        requireNonNull(workDir, "workDir is null");
        return new TritonServer(launch("triton", PythonRequirements.OIP_TRITON, workDir, LINEAR,
                Map.of("PYTRITON_HOME", workDir.resolve("pytriton-home").toString()),
                (http, grpc) -> List.of(Integer.toString(http), Integer.toString(grpc), workDir.toString())));
    }
}
