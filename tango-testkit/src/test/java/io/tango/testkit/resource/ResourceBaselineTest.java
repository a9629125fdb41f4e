package io.tango.testkit.resource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The resource baseline sees a thread or a file left open, and sees them given back. */
class ResourceBaselineTest {
    @TempDir
    Path folder;

    @Test
    void countsTheThreadsAndFilesOfTheJvm() {
        ResourceBaseline now = ResourceBaseline.capture();
        assertThat(now.liveThreads()).isPositive();
        assertThat(now.openFiles()).isPositive();
        assertThat(now.threadNames()).containsValue(Thread.currentThread().getName());
    }

    @Test
    void namesAThreadThatOutlivesTheDeadlineThenSeesItEnd() throws Exception {
        ResourceBaseline baseline = ResourceBaseline.capture();
        CountDownLatch release = new CountDownLatch(1);
        Thread leaked = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "leaked-by-the-test");
        leaked.start();
        try {
            assertThatThrownBy(() -> baseline.awaitReturn(Duration.ofMillis(300), 0, 1000))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("resources did not return to their baseline within PT0.3S: ")
                    .hasMessageContaining("new threads: [")
                    .hasMessageContaining("leaked-by-the-test");
        } finally {
            release.countDown();
            leaked.join();
        }
        assertThat(baseline.awaitReturn(Duration.ofSeconds(10), 0, 1000).liveThreads()).isLessThanOrEqualTo(baseline.liveThreads());
    }

    @Test
    void seesAFileLeftOpenThenClosed() throws Exception {
        Path file = Files.writeString(folder.resolve("open.txt"), "x");
        ResourceBaseline baseline = ResourceBaseline.capture();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(channel.isOpen()).isTrue();
            assertThatThrownBy(() -> baseline.awaitReturn(Duration.ofMillis(200), 1000, 0))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(" open files now (tolerance 1000 threads, 0 files)");
        }
        assertThat(baseline.awaitReturn(Duration.ofSeconds(10), 1000, 0).openFiles()).isLessThanOrEqualTo(baseline.openFiles());
    }
}
