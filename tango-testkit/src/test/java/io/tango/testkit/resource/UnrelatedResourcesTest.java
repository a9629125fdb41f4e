package io.tango.testkit.resource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What other code in the same JVM opens or frees between a baseline and its check neither hides nor fakes a leak:
 * the garbage of earlier test classes, collected while a component is checked, was what made the old JVM-wide count
 * miss a file left open.
 */
class UnrelatedResourcesTest {
    private static final int UNRELATED = 50;

    @TempDir
    Path folder;
    @TempDir
    Path elsewhere;

    @Test
    void aFileLeftOpenIsCaughtWhileFiftyUnrelatedDescriptorsAreFreedByACollection() throws Exception {
        Path unrelated = Files.writeString(elsewhere.resolve("unrelated.txt"), "x");
        List<FileInputStream> garbage = new ArrayList<>();
        for (int i = 0; i < UNRELATED; i++) {
            garbage.add(new FileInputStream(unrelated.toFile()));
        }
        ResourceBaseline baseline = OwnedResources.of(List.of(), List.of(), List.of(folder)).capture();
        long jvmBefore = baseline.jvmDescriptors();
        garbage.clear();
        awaitCollected(elsewhere);

        try (FileChannel leaked = FileChannel.open(Files.writeString(folder.resolve("leaked.txt"), "x"),
                StandardOpenOption.READ)) {
            assertThat(OwnedResources.of(List.of(), List.of(), List.of()).capture().jvmDescriptors())
                    .as("the JVM-wide count went down despite the leak").isLessThan(jvmBefore);
            assertThatThrownBy(() -> baseline.awaitReturn(Duration.ofMillis(500), 0, 0))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("new descriptors: [" + folder.toRealPath().resolve("leaked.txt") + "]; ");
        }
    }

    @Test
    void aThreadLeftRunningIsCaughtWhileUnrelatedThreadsEnd() throws Exception {
        List<ResourceBaselineTest.ParkedThread> unrelated = new ArrayList<>();
        for (int i = 0; i < UNRELATED; i++) {
            unrelated.add(ResourceBaselineTest.ParkedThread.start("unrelated-" + i));
        }
        ResourceBaseline baseline = OwnedResources.of(List.of("owned-"), List.of(), List.of()).capture();
        for (ResourceBaselineTest.ParkedThread thread : unrelated) {
            thread.close();
        }
        try (ResourceBaselineTest.ParkedThread leaked = ResourceBaselineTest.ParkedThread.start("owned-1")) {
            assertThatThrownBy(() -> baseline.awaitReturn(Duration.ofMillis(300), 0, 0))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("new threads: [owned-1], ");
        }
    }

    @Test
    void aThreadLeftRunningIsCaughtWhileThreadsOfTheSameNameFromBeforeTheBaselineEnd() throws Exception {
        List<ResourceBaselineTest.ParkedThread> earlier = new ArrayList<>();
        for (int i = 0; i < UNRELATED; i++) {
            earlier.add(ResourceBaselineTest.ParkedThread.start("owned-idle-" + i));
        }
        ResourceBaseline baseline = OwnedResources.of(List.of("owned-"), List.of(), List.of()).capture();
        for (ResourceBaselineTest.ParkedThread thread : earlier) {
            thread.close();
        }
        try (ResourceBaselineTest.ParkedThread leaked = ResourceBaselineTest.ParkedThread.start("owned-leaked")) {
            assertThatThrownBy(() -> baseline.awaitReturn(Duration.ofMillis(300), 0, 0))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("new threads: [owned-leaked], ");
        }
    }

    @Test
    void fiftyUnrelatedFilesOpenedRaiseNoFalseAlarm() throws Exception {
        Path unrelated = Files.writeString(elsewhere.resolve("unrelated.txt"), "x");
        Path mine = Files.writeString(folder.resolve("mine.txt"), "x");
        ResourceBaseline baseline = OwnedResources.of(List.of(), List.of(), List.of(folder)).capture();
        List<Closeable> opened = new ArrayList<>();
        try {
            for (int i = 0; i < UNRELATED; i++) {
                opened.add(FileChannel.open(unrelated, StandardOpenOption.READ));
            }
            FileChannel.open(mine, StandardOpenOption.READ).close();

            ResourceBaseline after = baseline.awaitReturn(Duration.ofSeconds(10), 0, 0);

            assertThat(after.descriptors()).isEmpty();
            assertThat(after.jvmDescriptors()).isGreaterThanOrEqualTo(baseline.jvmDescriptors() + UNRELATED);
        } finally {
            closeAll(opened);
        }
    }

    @Test
    void fiftySocketsToAnotherServerRaiseNoFalseAlarm() throws Exception {
        try (ServerSocket underTest = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket other = new ServerSocket(0, 2 * UNRELATED, InetAddress.getLoopbackAddress())) {
            ResourceBaseline baseline = OwnedResources.of(List.of(), List.of(underTest.getLocalPort()), List.of())
                    .capture();
            List<Closeable> opened = new ArrayList<>();
            try {
                for (int i = 0; i < UNRELATED; i++) {
                    opened.add(new Socket(InetAddress.getLoopbackAddress(), other.getLocalPort()));
                    opened.add(other.accept());
                }
                new Socket(InetAddress.getLoopbackAddress(), underTest.getLocalPort()).close();

                assertThat(baseline.awaitReturn(Duration.ofSeconds(10), 0, 0).descriptors()).isEmpty();
            } finally {
                closeAll(opened);
            }
        }
    }

    /** Collects until no descriptor points under {@code folder} any more, so the test knows the collection ran. */
    private static void awaitCollected(Path folder) {
        OwnedResources unrelated = OwnedResources.of(List.of(), List.of(), List.of(folder));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!unrelated.capture().descriptors().isEmpty()) {
            assertThat(System.nanoTime() - end).as("unreachable streams under %s still open after 30 s", folder)
                    .isNegative();
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void closeAll(List<Closeable> opened) throws IOException {
        for (Closeable closeable : opened) {
            closeable.close();
        }
    }
}
