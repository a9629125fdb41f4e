package io.tango.bench.model;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;

import java.util.Map;

/**
 * The job benchmarks' model, as trivial as caikit's counterpart in {@code bench/caikit_jobs.py}: it answers every
 * request with the same constant response. Thread-safe.
 */
public final class TrivialModel implements TangoModel<TangoRequest, TangoResponse> {
    private static final ModelDescriptor DESCRIPTOR = ModelDescriptor.builder(ModelKey.of("trivial"), "trivial", "bench").build();
    private static final TangoResponse ANSWER = TangoResponse.of(Map.of("answer", 42));

    @Override
    public ModelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TangoRequest mapRequest(TangoRequest request, WorkingSession session) {
        return request;
    }

    @Override
    public TangoResponse invoke(TangoRequest nativeRequest) {
        return ANSWER;
    }

    @Override
    public TangoResponse mapResponse(TangoResponse nativeResponse) {
        return nativeResponse;
    }
}
