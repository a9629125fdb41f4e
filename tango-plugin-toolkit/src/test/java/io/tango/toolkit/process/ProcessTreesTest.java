package io.tango.toolkit.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessTreesTest {
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        for (ProcessHandle handle : started) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
        }
    }

    /** A shell that started a {@code sleep} of its own, returned once it says the sleep was started. */
    private ProcessHandle shellWithChild() throws IOException {
        Process process = new ProcessBuilder("sh", "-c", "sleep 300 & echo started; wait")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ProcessHandle handle = process.toHandle();
        started.add(handle);
        try (BufferedReader output = process.inputReader()) {
            assertThat(output.readLine()).isEqualTo("started");
        }
        assertThat(handle.descendants().toList()).isNotEmpty();
        return handle;
    }

    @Test
    void stopRootFirstStopsTheProcessAndWhatItStarted() throws IOException {
        ProcessHandle root = shellWithChild();
        List<ProcessHandle> children = root.descendants().toList();

        boolean graceful = ProcessTrees.stopRootFirst(root, Duration.ofSeconds(10));

        assertThat(graceful).isTrue();
        assertThat(root.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void stopTogetherStopsEveryTree() throws IOException {
        ProcessHandle first = shellWithChild();
        ProcessHandle second = shellWithChild();
        List<ProcessHandle> children = new ArrayList<>(first.descendants().toList());
        children.addAll(second.descendants().toList());

        boolean graceful = ProcessTrees.stopTogether(List.of(first, second), Duration.ofSeconds(10));

        assertThat(graceful).isTrue();
        assertThat(List.of(first, second)).noneMatch(ProcessHandle::isAlive);
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void stopTogetherNeedsARoot() {
        assertThatThrownBy(() -> ProcessTrees.stopTogether(List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("roots is empty");
    }
}
