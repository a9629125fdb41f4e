package io.tango.cli.testing;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;

import java.util.LinkedHashMap;
import java.util.Map;

/** A model that answers its inputs back, renamed {@code echo_<name>}; an input named {@code bad} is an invalid request. */
public final class EchoModel implements TangoModel<TangoRequest, TangoResponse> {
    /** The format of echo models. */
    public static final String FORMAT = "echo";

    private final ModelDescriptor descriptor;

    EchoModel(ModelDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    /** @return the echo of {@code request}: each input as {@code echo_<name>} */
    public static TangoResponse echo(TangoRequest request) {
        if (request.inputs().containsKey("bad")) {
            throw new InvalidRequestException("input 'bad' is not accepted; expected x");
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        request.inputs().forEach((name, value) -> outputs.put("echo_" + name, value));
        return TangoResponse.of(outputs);
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public TangoRequest mapRequest(TangoRequest request, WorkingSession session) {
        return request;
    }

    @Override
    public TangoResponse invoke(TangoRequest nativeRequest) {
        return echo(nativeRequest);
    }

    @Override
    public TangoResponse mapResponse(TangoResponse nativeResponse) {
        return nativeResponse;
    }
}
