package io.tango.plugin.local;

import io.tango.api.JobNotFoundException;
import io.tango.api.TangoRequest;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobStatus;
import io.tango.api.job.PredictionFuture;
import io.tango.plugin.local.job.LocalJobPredictor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finished predictions stay retrievable for their retention, then are forgotten; a reused id keeps its new job. */
class LocalJobPredictorRetentionTest {
    private static final Duration RETENTION = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofMinutes(1);

    private static final EchoModel ECHO = new EchoModel();

    private static PredictionFuture submit(LocalJobPredictor predictor, String id, int value) throws InterruptedException {
        PredictionFuture future = predictor.submit(ECHO, TangoRequest.of(Map.of("x", value)), WorkingSession.none(),
                Optional.of(id));
        assertThat(future.await(WAIT).status()).isEqualTo(JobStatus.COMPLETED);
        return future;
    }

    @Test
    void forgetsAFinishedPredictionOnceItsRetentionHasPassed() throws InterruptedException {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (LocalJobPredictor predictor = new LocalJobPredictor("p", 1, 4, RETENTION, clock)) {
            PredictionFuture old = submit(predictor, "old", 1);
            clock.advance(RETENTION);
            assertThat(predictor.getPredictionFuture("p:old")).isSameAs(old);

            clock.advance(Duration.ofSeconds(1));
            PredictionFuture recent = submit(predictor, "recent", 2);

            assertThatThrownBy(() -> predictor.getPredictionFuture("p:old"))
                    .isExactlyInstanceOf(JobNotFoundException.class)
                    .hasMessage("predictor 'p' has no prediction p:old (never submitted, or finished more than PT10M ago)");
            assertThat(predictor.getPredictionFuture("p:recent")).isSameAs(recent);
        }
    }

    @Test
    void keepsTheNewJobOfAReusedIdWhenTheOldOneExpires() throws InterruptedException {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (LocalJobPredictor predictor = new LocalJobPredictor("p", 1, 4, RETENTION, clock)) {
            submit(predictor, "same", 1);
            clock.advance(Duration.ofMinutes(9));
            PredictionFuture reused = submit(predictor, "same", 2);
            clock.advance(Duration.ofMinutes(2));

            assertThat(predictor.getPredictionFuture("p:same")).isSameAs(reused);
            assertThat(reused.result(WAIT).output("x")).contains(2);
        }
    }
}
