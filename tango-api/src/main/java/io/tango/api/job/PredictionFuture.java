package io.tango.api.job;

import io.tango.api.TangoResponse;

/** A prediction running in the background (caikit's {@code JobPredictorFutureBase}). */
public interface PredictionFuture extends JobFuture<TangoResponse> {}
