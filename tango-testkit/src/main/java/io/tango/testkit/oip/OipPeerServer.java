package io.tango.testkit.oip;

import static java.util.Objects.requireNonNull;

import io.tango.testkit.python.ManagedProcess;
import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonHarnessException;
import io.tango.testkit.python.TwoPortProcess;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Open Inference Protocol server from PyPI running on 127.0.0.1 for a test class: its REST base URL and gRPC
 * target, and {@link #close()} to stop it with its descendants. Start one with {@link TritonServer#start},
 * {@link KServeServer#start} or {@link MlServerServer#start}; one per test class, since each takes seconds to start.
 *
 * <p>Every peer serves a model named {@value #IDENTITY} that answers each input {@code in_<datatype>} (lower-case
 * wire name, shape {@code [-1, -1]}) as the output {@code out_<datatype>}, for the datatypes the peer can carry.
 * Safe for use by several threads; {@link #close()} is idempotent.
 */
public abstract sealed class OipPeerServer implements AutoCloseable permits TritonServer, KServeServer, MlServerServer {

    /** The identity model every peer serves. */
    public static final String IDENTITY = "identity";

    /** How long a peer may take to start and load its models. */
    public static final Duration STARTUP = Duration.ofMinutes(3);

    private final TwoPortProcess process;

    OipPeerServer(TwoPortProcess process) {
        this.process = requireNonNull(process, "process is null");
    }

    /**
     * @return {@code http://127.0.0.1:<port>}: the REST paths ({@code /v2/...}) go after it
     */
    public URI restBaseUrl() {
        return process.url();
    }

    /**
     * @return {@code 127.0.0.1:<port>}, for a gRPC channel (plaintext)
     */
    public String grpcTarget() {
        return process.grpcTarget();
    }

    /**
     * @return the running server process (its log file, its pid)
     */
    public ManagedProcess process() {
        return process.process();
    }

    /** Stops the server and its descendants. */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + restBaseUrl() + ", grpc " + grpcTarget() + "]";
    }

    /** The script's arguments after its path, given the two ports. */
    @FunctionalInterface
    interface ScriptArguments {
        List<String> of(int httpPort, int grpcPort);
    }

    /**
     * Builds or reuses the environment, copies the script (and the {@code oip_peer_ports.py} it imports) into
     * {@code workDir} and runs it there on two free ports until {@code readyModel} is ready; the log goes to
     * {@code workDir/logs/<name>-<port>.log}.
     */
    static TwoPortProcess launch(String name, List<String> requirements, Path workDir, String readyModel,
            Map<String, String> environment, ScriptArguments arguments) {
        requireNonNull(workDir, "workDir is null");
        PythonEnvironment python = PythonEnvironment.ensure("oip-" + name, requirements);
        Path script = copyScript(name + "_peer.py", workDir);
        copyScript("oip_peer_ports.py", workDir);
        return TwoPortProcess.start((http, grpc) -> {
            List<String> command = new ArrayList<>(List.of(python.python().toString(), script.toString()));
            command.addAll(arguments.of(http, grpc));
            return python.process(command)
                    .environment(environment)
                    .workingDirectory(workDir)
                    .name(name)
                    .logFile(workDir.resolve("logs/" + name + "-" + http + ".log"));
        }, http -> URI.create("http://127.0.0.1:" + http + "/v2/models/" + readyModel + "/ready"), STARTUP);
    }

    /** Copies the peer script {@code name} from this package's resources into {@code workDir}. */
    private static Path copyScript(String name, Path workDir) {
        requireNonNull(workDir, "workDir is null");
        Path target = workDir.resolve(name);
        try (InputStream in = OipPeerServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new PythonHarnessException("the testkit resource io/tango/testkit/oip/" + name + " is missing");
            }
            Files.createDirectories(workDir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new PythonHarnessException("cannot copy " + name + " to " + workDir + ": " + e, e);
        }
    }
}
