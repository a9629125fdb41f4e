package io.tango.testkit.oip;

import io.tango.testkit.python.PythonRequirements;
import io.tango.testkit.python.TwoPortProcess;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * KServe 0.21 {@code ModelServer} ({@link PythonRequirements#OIP_KSERVE}) with two small {@code kserve.Model}
 * classes from {@code kserve_peer.py}, both overriding {@code get_input_types}/{@code get_output_types} so model
 * metadata lists their tensors:
 * <ul>
 *   <li>{@value OipPeerServer#IDENTITY}: every OIP datatype but BF16;</li>
 *   <li>{@value #LINEAR}: {@code y = x W + b} in NumPy with the same weights as {@link TritonServer#LINEAR}.</li>
 * </ul>
 * KServe binds REST to {@code 0.0.0.0} and gRPC to {@code [::]} (hard-coded in 0.21); call it on 127.0.0.1 only.
 * It has no model versions.
 */
public final class KServeServer extends OipPeerServer {

    /** The NumPy linear model's name. */
    public static final String LINEAR = "linear";

    private KServeServer(TwoPortProcess process) {
        super(process);
    }

    /**
     * Builds or reuses the {@code oip-kserve} environment, starts the model server and waits until its models are
     * ready.
     *
     * @param workDir a folder of the test's own (the script, the log)
     * @return the ready server
     * @throws io.tango.testkit.python.PythonHarnessException if it does not become ready within {@link #STARTUP}
     * @throws NullPointerException if {@code workDir} is null
     */
    public static KServeServer start(Path workDir) {
        return new KServeServer(launch("kserve", PythonRequirements.OIP_KSERVE, workDir, LINEAR, Map.of(),
                (http, grpc) -> List.of("--http_port", Integer.toString(http), "--grpc_port", Integer.toString(grpc),
                        "--workers", "1")));
    }
}
