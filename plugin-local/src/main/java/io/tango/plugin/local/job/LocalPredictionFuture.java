package io.tango.plugin.local.job;

import io.tango.api.TangoResponse;
import io.tango.api.job.JobInfo;
import io.tango.api.job.PredictionFuture;

import java.time.Clock;
import java.util.function.Consumer;

/** A prediction of the local job predictor; kept in memory only. Thread-safe. */
final class LocalPredictionFuture extends LocalJob<TangoResponse> implements PredictionFuture {
    LocalPredictionFuture(String id, Clock clock, Consumer<JobInfo> listener) {
        super(id, clock, listener);
    }

    @Override
    TangoResponse restoredResult() {
        throw new IllegalStateException("prediction " + id() + " has no result");
    }
}
