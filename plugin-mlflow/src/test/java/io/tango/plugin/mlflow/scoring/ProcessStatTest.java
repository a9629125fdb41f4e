package io.tango.plugin.mlflow.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStatTest {
    @Test
    void readsStateGroupSessionAndStartTimeAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (uvicorn (worker) 1) S 4200 4201 4201 0 -1 4194560 1200 0 0 0 30 5 0 0 20 0 3 0 987654 "
                + "123456789 4000 18446744073709551615 1 1 0 0 0 0 0 16781312 134234626 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcessStat.parse(4242, stat)).isEqualTo(new ProcessStat(4242, 'S', 4201, 4201, 987654));
    }

    @Test
    void aZombieIsNotRunning() {
        assertThat(new ProcessStat(1, 'Z', 1, 1, 5).isRunning()).isFalse();
        assertThat(new ProcessStat(1, 'S', 1, 1, 5).isRunning()).isTrue();
    }

    @Test
    void readsThisProcessFromProc() {
        long pid = ProcessHandle.current().pid();

        assertThat(ProcessStat.of(pid)).get().extracting(ProcessStat::pid, ProcessStat::isRunning)
                .containsExactly(pid, true);
    }

    @Test
    void aProcessThatDoesNotExistHasNoStat() {
        assertThat(ProcessStat.of(Long.MAX_VALUE)).isEmpty();
    }
}
