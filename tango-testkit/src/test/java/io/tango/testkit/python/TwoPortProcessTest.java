package io.tango.testkit.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests {@link TwoPortProcess} and {@link ManagedProcess#awaitPortOpen} with a real Python process that listens on an
 * HTTP port and on a bare TCP port, as an OIP server does with REST and gRPC.
 */
class TwoPortProcessTest {

    /** Binds the second port first (so losing it fails at once), then serves HTTP on the first. */
    private static final String TWO_PORTS = String.join("\n",
            "import http.server, socket, sys",
            "second = socket.socket()",
            "second.bind(('127.0.0.1', int(sys.argv[2])))",
            "second.listen()",
            "http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])),",
            "                                http.server.SimpleHTTPRequestHandler).serve_forever()");

    private static PythonEnvironment env;

    @TempDir
    Path workDir;

    @BeforeAll
    static void environment() {
        env = PythonEnvironment.ensure("plain", List.of());
    }

    @Test
    void startsOnTwoFreePortsAndWaitsForBoth() {
        TwoPortProcess server = TwoPortProcess.start(this::twoPorts, TwoPortProcessTest::root, Duration.ofSeconds(30));

        assertThat(server.httpPort()).isNotEqualTo(server.grpcPort());
        assertThat(FreePorts.isFree(server.httpPort())).isFalse();
        assertThat(FreePorts.isFree(server.grpcPort())).isFalse();
        assertThat(server.url()).isEqualTo(URI.create("http://127.0.0.1:" + server.httpPort()));
        assertThat(server.grpcTarget()).isEqualTo("127.0.0.1:" + server.grpcPort());

        server.close();

        assertThat(server.process().isAlive()).isFalse();
        assertThat(FreePorts.isFree(server.httpPort())).isTrue();
        assertThat(FreePorts.isFree(server.grpcPort())).isTrue();
    }

    @Test
    void aProcessThatNeverOpensItsSecondPortTimesOut() {
        assertThatThrownBy(() -> TwoPortProcess.start((http, grpc) -> env.process(List.of(env.python().toString(),
                        "-m", "http.server", "--bind", "127.0.0.1", Integer.toString(http)))
                        .name("http-only").workingDirectory(workDir),
                TwoPortProcessTest::root, Duration.ofSeconds(3)))
                .isInstanceOf(PythonHarnessException.class)
                .hasMessageStartingWith("process 'http-only' (pid ")
                .hasMessageContaining(") did not accept a connection on tcp://127.0.0.1:")
                .hasMessageContaining("(last attempt: java.net.ConnectException");
    }

    @Test
    void aProcessThatLostItsSecondPortStartsAgainOnTwoOthers() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Deque<Integer> ports = new ArrayDeque<>(List.of(FreePorts.find(), taken.getLocalPort(), FreePorts.find(),
                    FreePorts.find()));
            List<Integer> tried = new ArrayList<>();

            try (TwoPortProcess server = TwoPortProcess.start(ports::removeFirst, (http, grpc) -> {
                tried.add(grpc);
                return twoPorts(http, grpc);
            }, TwoPortProcessTest::root, Duration.ofSeconds(30))) {

                assertThat(tried).hasSize(2).startsWith(taken.getLocalPort());
                assertThat(server.grpcPort()).isEqualTo(tried.get(1));
                assertThat(server.process().isAlive()).isTrue();
            }
        }
    }

    @Test
    void tritonsSocketAlreadyInUseCountsAsALostPort() {
        List<Integer> attempts = new ArrayList<>();

        try (TwoPortProcess server = TwoPortProcess.start((http, grpc) -> {
            attempts.add(http);
            return attempts.size() > 1 ? twoPorts(http, grpc) : env.process(List.of(env.python().toString(), "-c",
                    "import sys; sys.exit(\"failed to start HTTP service: Unavailable - Socket '127.0.0.1:"
                            + http + "' already in use\")")).name("triton-like").workingDirectory(workDir);
        }, TwoPortProcessTest::root, Duration.ofSeconds(30))) {

            assertThat(attempts).hasSize(2);
            assertThat(server.httpPort()).isEqualTo(attempts.get(1));
        }
    }

    @Test
    void aProcessThatExitsBeforeOpeningItsSecondPortFailsWithItsLog() {
        List<String> command = List.of(env.python().toString(), "-c",
                "import sys; print('no grpc here'); sys.exit(3)");
        ManagedProcess failing = env.process(command).name("failing").logFile(workDir.resolve("failing.log")).start();
        int port = FreePorts.find();

        assertThatThrownBy(() -> failing.awaitPortOpen(port, Duration.ofSeconds(30)))
                .isInstanceOf(PythonHarnessException.class)
                .hasMessage("process 'failing' (pid " + failing.pid() + ") exited with code 3 before accepting"
                        + " connections on tcp://127.0.0.1:" + port + "; command: " + String.join(" ", command)
                        + "\nlast 40 lines of " + workDir.resolve("failing.log") + ":\nno grpc here");
    }

    private ManagedProcess.Builder twoPorts(int http, int grpc) {
        return env.process(List.of(env.python().toString(), "-c", TWO_PORTS, Integer.toString(http),
                Integer.toString(grpc))).name("two-ports").workingDirectory(workDir);
    }

    private static URI root(int port) {
        return URI.create("http://127.0.0.1:" + port + "/");
    }
}
