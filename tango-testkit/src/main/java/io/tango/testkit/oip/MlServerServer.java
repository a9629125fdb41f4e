package io.tango.testkit.oip;

import io.tango.testkit.python.PythonRequirements;
import io.tango.testkit.python.TwoPortProcess;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Seldon MLServer 1.7.1 with mlserver-sklearn ({@link PythonRequirements#OIP_MLSERVER}), REST and gRPC bound to
 * 127.0.0.1, no metrics server, no parallel inference workers. {@code mlserver_peer.py} writes the settings folder
 * ({@code mlserver/} in the work folder) and then becomes {@code mlserver start} on it:
 * <ul>
 *   <li>{@value #IRIS} (version {@value #VERSION}): a scikit-learn {@code LogisticRegression} trained at start on
 *       scikit-learn's bundled iris data and saved with joblib; input {@code input-0} FP64 {@code [-1, 4]}, outputs
 *       {@code predict} and {@code predict_proba};</li>
 *   <li>{@value #LINEAR} (version {@value #VERSION}): a scikit-learn {@code LinearRegression} whose coefficients are
 *       {@link TritonServer#LINEAR}'s weights ({@code y = x W + b}, 4 to 3), input {@code x} FP32 {@code [-1, 4]},
 *       output {@code predict} FP64 {@code [-1, 3]}: the twin of the other peers' linear model, for tango-bench;</li>
 *   <li>{@value OipPeerServer#IDENTITY} (version {@value #VERSION}): a custom runtime, every OIP datatype but BF16
 *       (MLServer's datatype enum has none).</li>
 * </ul>
 */
public final class MlServerServer extends OipPeerServer {

    /** The scikit-learn model's name. */
    public static final String IRIS = "iris";

    /** The scikit-learn twin of the other peers' linear model. */
    public static final String LINEAR = "linear";

    /** The version every model is given in their model settings. */
    public static final String VERSION = "v1";

    private MlServerServer(TwoPortProcess process) {
        super(process);
    }

    /**
     * Builds or reuses the {@code oip-mlserver} environment, starts MLServer and waits until its models are ready.
     *
     * @param workDir a folder of the test's own (the script, the settings folder with the models, the log)
     * @return the ready server
     * @throws io.tango.testkit.python.PythonHarnessException if it does not become ready within {@link #STARTUP}
     * @throws NullPointerException if {@code workDir} is null
     */
    public static MlServerServer start(Path workDir) {
        return new MlServerServer(launch("mlserver", PythonRequirements.OIP_MLSERVER, workDir, IRIS, Map.of(),
                (http, grpc) -> List.of(Integer.toString(http), Integer.toString(grpc), workDir.toString())));
    }
}
