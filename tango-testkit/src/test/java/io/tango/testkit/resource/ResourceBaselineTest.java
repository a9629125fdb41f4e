package io.tango.testkit.resource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The baseline of a component's resources sees a thread, a file or a socket left open, and sees them given back. */
class ResourceBaselineTest {
    @TempDir
    Path folder;

    @Test
    void countsOnlyTheThreadsNamedWithTheComponentsPrefixesAndReportsTheJvmsTotals() throws Exception {
        OwnedResources owned = OwnedResources.of(List.of("owned-by-the-test-"), List.of(), List.of());
        try (ParkedThread mine = ParkedThread.start("owned-by-the-test-1");
                ParkedThread other = ParkedThread.start("not-owned-by-the-test")) {
            ResourceBaseline now = owned.capture();
            assertThat(now.threads()).containsOnly(java.util.Map.entry(mine.thread().getId(), "owned-by-the-test-1"));
            assertThat(now.jvmThreads()).isGreaterThan(2);
            assertThat(now.jvmTotals()).startsWith(now.jvmThreads() + " threads, ");
        }
    }

    @Test
    void namesAThreadThatOutlivesTheDeadlineThenSeesItEnd() throws Exception {
        ResourceBaseline baseline = OwnedResources.of(List.of("leaked-by-the-test"), List.of(), List.of()).capture();
        try (ParkedThread leaked = ParkedThread.start("leaked-by-the-test")) {
            assertThatThrownBy(() -> baseline.awaitReturn(Duration.ofMillis(300), 0, 0))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("the resources of threads named [leaked-by-the-test*], sockets to ports [], "
                            + "files under [] did not return to their baseline within PT0.3S: 0 threads, 0 descriptors "
                            + "before, 1 thread, 0 descriptors now (tolerance 0 threads, 0 descriptors); "
                            + "new threads: [leaked-by-the-test], new descriptors: []; JVM-wide, not checked: ");
        }
        assertThat(baseline.awaitReturn(Duration.ofSeconds(10), 0, 0).threads()).isEmpty();
    }

    @Test
    void seesAFileLeftOpenUnderTheFolderThenClosed() throws Exception {
        Path file = Files.writeString(folder.resolve("open.txt"), "x");
        ResourceBaseline baseline = OwnedResources.of(List.of(), List.of(), List.of(folder)).capture();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(channel.isOpen()).isTrue();
            assertThatThrownBy(() -> baseline.awaitReturn(Duration.ofMillis(200), 0, 0))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(" 0 threads, 0 descriptors before, 0 threads, 1 descriptor now (tolerance 0 "
                            + "threads, 0 descriptors); new threads: [], new descriptors: [" + file.toRealPath() + "]; ");
        }
        assertThat(baseline.awaitReturn(Duration.ofSeconds(10), 0, 0).descriptors()).isEmpty();
    }

    @Test
    void seesASocketLeftOpenToTheServerThenClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            ResourceBaseline baseline = OwnedResources.of(List.of(), List.of(port), List.of()).capture();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                    Socket accepted = server.accept()) {
                assertThatThrownBy(() -> baseline.awaitReturn(Duration.ofMillis(200), 0, 0))
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining(" 0 threads, 1 descriptor now ")
                        .hasMessageContaining("new descriptors: [socket 127.0.0.1:" + client.getLocalPort()
                                + " -> 127.0.0.1:" + port + "]; ");
            }
            assertThat(baseline.awaitReturn(Duration.ofSeconds(10), 0, 0).descriptors()).isEmpty();
        }
    }

    @Test
    void refusesAnEmptyThreadNamePrefix() {
        assertThatThrownBy(() -> OwnedResources.of(List.of(""), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a thread name prefix is empty: it would claim every thread of the JVM; give the prefix "
                        + "the component's executors name their threads with, e.g. tango-devo-http-");
    }

    @Test
    void refusesAFolderThatDoesNotExist() {
        Path missing = folder.resolve("missing");
        assertThatThrownBy(() -> OwnedResources.of(List.of(), List.of(), List.of(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("folder " + missing + " cannot be resolved (does it exist?): ");
    }

    /** A thread that waits until it is closed. */
    record ParkedThread(Thread thread, CountDownLatch release) implements AutoCloseable {
        static ParkedThread start(String name) {
            CountDownLatch release = new CountDownLatch(1);
            Thread thread = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name);
            thread.start();
            return new ParkedThread(thread, release);
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }
}
