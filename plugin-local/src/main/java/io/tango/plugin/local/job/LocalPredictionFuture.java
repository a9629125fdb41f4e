package io.tango.plugin.local.job;

import io.tango.api.TangoResponse;
import io.tango.api.job.PredictionFuture;

import java.time.Clock;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/** A prediction of the local job predictor; kept in memory only. Thread-safe. */
final class LocalPredictionFuture extends LocalJob<TangoResponse> implements PredictionFuture {
    private final Consumer<LocalPredictionFuture> onFinished;

    /**
     * @param id the prediction's id
     * @param clock the clock
     * @param onFinished told once when the prediction reaches a terminal status (in completion order)
     */
    LocalPredictionFuture(String id, Clock clock, Consumer<LocalPredictionFuture> onFinished) {
        super(id, clock, IGNORE_CHANGES);
        this.onFinished = requireNonNull(onFinished, "onFinished is null");
    }

    @Override
    void finished() {
        onFinished.accept(this);
    }

    @Override
    TangoResponse restoredResult() {
        throw new IllegalStateException("prediction " + id() + " has no result");
    }
}
