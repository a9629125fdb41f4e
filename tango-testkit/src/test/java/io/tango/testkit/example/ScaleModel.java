package io.tango.testkit.example;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;

import java.util.Map;

/** The example plugin's model: {@code y = factor * x}. Native request and response are plain doubles. */
final class ScaleModel implements TangoModel<Double, Double> {
    static final String FORMAT = "example-scale";

    private final ModelDescriptor descriptor;
    private final double factor;

    ScaleModel(ModelDescriptor descriptor) {
        this.descriptor = descriptor;
        this.factor = Double.parseDouble(descriptor.metadata().getOrDefault("factor", "1"));
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Double mapRequest(TangoRequest request, WorkingSession session) {
        Object x = request.input("x").orElseThrow(() -> new InvalidRequestException("input 'x' is missing: expected a number"));
        if (!(x instanceof Number number)) {
            throw new InvalidRequestException("input 'x' is " + x + ": expected a number");
        }
        return number.doubleValue();
    }

    @Override
    public Double invoke(Double x) {
        return factor * x;
    }

    @Override
    public TangoResponse mapResponse(Double y) {
        return TangoResponse.of(Map.of("y", y));
    }
}
