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

/** Tests {@link ManagedProcess} and {@link FreePorts} with real Python processes from an empty environment. */
class ManagedProcessTest {

    private static PythonEnvironment env;

    @TempDir
    Path logs;

    @BeforeAll
    static void environment() {
        env = PythonEnvironment.ensure("plain", List.of());
    }

    @Test
    void serverBecomesReadyAndCloseStopsItAndFreesThePort() {
        int port = FreePorts.find();
        ManagedProcess server = httpServer(port).start();

        server.awaitHttpReady(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(30));
        assertThat(server.isAlive()).isTrue();
        assertThat(FreePorts.isFree(port)).isFalse();

        server.close();

        assertThat(server.isAlive()).isFalse();
        assertThat(FreePorts.isFree(port)).isTrue();
    }

    @Test
    void closeIsIdempotent() {
        ManagedProcess server = httpServer(FreePorts.find()).start();

        server.close();
        server.close();

        assertThat(server.isAlive()).isFalse();
    }

    @Test
    void closeAlsoStopsDescendants() {
        int port = FreePorts.find();
        String script = "import subprocess, sys, time\n"
                + "subprocess.Popen([sys.executable, '-m', 'http.server', '--bind', '127.0.0.1', '" + port + "'])\n"
                + "time.sleep(600)\n";
        ManagedProcess parent = env.process(List.of(env.python().toString(), "-c", script)).name("parent").start();
        parent.awaitHttpReady(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(30));
        List<ProcessHandle> children = ProcessHandle.of(parent.pid()).orElseThrow().descendants().toList();
        assertThat(children).isNotEmpty();

        parent.close();

        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(FreePorts.isFree(port)).isTrue();
    }

    @Test
    void processThatExitsFailsAwaitWithItsLogTail() {
        int port = FreePorts.find();
        List<String> command = List.of(env.python().toString(), "-c",
                "import sys; print('model not found'); sys.exit(7)");
        ManagedProcess failing = env.process(command).name("failing").logFile(logs.resolve("failing.log")).start();
        URI url = URI.create("http://127.0.0.1:" + port + "/health");

        assertThatThrownBy(() -> failing.awaitHttpReady(url, Duration.ofSeconds(30)))
                .isInstanceOf(PythonHarnessException.class)
                .hasMessage("process 'failing' (pid " + failing.pid() + ") exited with code 7 before answering HTTP"
                        + " 200 at " + url + "; command: " + String.join(" ", command) + "\nlast 40 lines of "
                        + logs.resolve("failing.log") + ":\nmodel not found");
        assertThat(failing.isAlive()).isFalse();
    }

    @Test
    void serverThatNeverAnswers200TimesOutAndIsStopped() {
        int port = FreePorts.find();
        ManagedProcess server = httpServer(port).start();
        URI missing = URI.create("http://127.0.0.1:" + port + "/no-such-page");

        assertThatThrownBy(() -> server.awaitHttpReady(missing, Duration.ofSeconds(3)))
                .isInstanceOf(PythonHarnessException.class)
                .hasMessageStartingWith("process 'http.server' (pid " + server.pid() + ") did not answer HTTP 200 at "
                        + missing + " within PT3S (last attempt: HTTP 404); command: ")
                .hasMessageContaining("\nlast 40 lines of " + server.logFile() + ":\n")
                .hasMessageContaining("\"GET /no-such-page HTTP/1.1\" 404");
        assertThat(server.isAlive()).isFalse();
        assertThat(FreePorts.isFree(port)).isTrue();
    }

    @Test
    void awaitAfterCloseFails() {
        ManagedProcess server = httpServer(FreePorts.find()).start();
        server.close();

        assertThatThrownBy(() -> server.awaitHttpReady(URI.create("http://127.0.0.1:1/"), Duration.ofSeconds(1)))
                .isInstanceOf(PythonHarnessException.class)
                .hasMessage("process 'http.server' (pid " + server.pid() + ") was already closed");
    }

    @Test
    void missingExecutableFailsToStart() {
        ManagedProcess.Builder builder = ManagedProcess.builder(List.of("/nonexistent/server", "--port", "1"))
                .logFile(logs.resolve("missing.log"));

        assertThatThrownBy(builder::start)
                .isInstanceOf(PythonHarnessException.class)
                .hasMessageStartingWith("cannot start process 'server': /nonexistent/server --port 1 (Cannot run"
                        + " program \"/nonexistent/server\"");
    }

    @Test
    void freePortIsBindable() {
        int port = FreePorts.find();

        assertThat(port).isBetween(1, 65535);
        assertThat(FreePorts.isFree(port)).isTrue();
    }

    @Test
    void aServerThatLostItsPortToAnotherProcessStartsAgainOnAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Deque<Integer> ports = new ArrayDeque<>(List.of(taken.getLocalPort(), FreePorts.find()));
            List<Integer> tried = new ArrayList<>();

            try (ListeningProcess server = ListeningProcess.start(() -> ports.removeFirst(),
                    port -> {
                        tried.add(port);
                        return httpServer(port);
                    }, port -> URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(30))) {

                assertThat(tried).hasSize(2).startsWith(taken.getLocalPort());
                assertThat(server.port()).isEqualTo(tried.get(1));
                assertThat(server.process().isAlive()).isTrue();
            }
        }
    }

    @Test
    void aServerThatFailsForAnotherReasonIsNotStartedAgain() {
        List<Integer> tried = new ArrayList<>();

        assertThatThrownBy(() -> ListeningProcess.start(FreePorts::find, port -> {
            tried.add(port);
            return env.process(List.of(env.python().toString(), "-c", "raise SystemExit('no model here')"))
                    .name("failing").workingDirectory(logs);
        }, port -> URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(30)))
                .isInstanceOf(PythonHarnessException.class)
                .hasMessageContaining("exited with code 1 before answering HTTP 200")
                .hasMessageContaining("no model here");
        assertThat(tried).hasSize(1);
    }

    @Test
    void aServerThatLosesEveryPortGivesUpAfterThreeWithEachFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ListeningProcess.start(taken::getLocalPort, this::httpServer,
                    port -> URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(30)))
                    .isInstanceOf(PythonHarnessException.class)
                    .hasMessageContaining("Address already in use")
                    .satisfies(error -> assertThat(error.getSuppressed()).hasSize(1)
                            .allSatisfy(earlier -> assertThat(earlier.getSuppressed()).hasSize(1)));
        }
    }

    private ManagedProcess.Builder httpServer(int port) {
        return env.process(List.of(env.python().toString(), "-m", "http.server", "--bind", "127.0.0.1",
                Integer.toString(port))).name("http.server").workingDirectory(logs);
    }
}
