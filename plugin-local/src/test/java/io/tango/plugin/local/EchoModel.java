package io.tango.plugin.local;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;

/** A model that answers its inputs as its outputs, for tests about what carries predictions rather than makes them. */
final class EchoModel implements TangoModel<TangoRequest, TangoRequest> {
    @Override
    public ModelDescriptor descriptor() {
        return ModelDescriptor.builder(ModelKey.of("echo"), "echo", "test").build();
    }

    @Override
    public TangoRequest mapRequest(TangoRequest request, WorkingSession session) {
        return request;
    }

    @Override
    public TangoRequest invoke(TangoRequest request) {
        return request;
    }

    @Override
    public TangoResponse mapResponse(TangoRequest request) {
        return TangoResponse.of(request.inputs());
    }
}
