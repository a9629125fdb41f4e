package io.tango.testkit.example;

import io.tango.api.ModelInitializer;
import io.tango.api.TangoModel;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelInitializerFactory;

import java.util.Optional;

/** Makes example scale models runnable; any other format is not its own. */
public final class ExampleInitializerFactory implements ModelInitializerFactory {
    @Override
    public String type() {
        return "EXAMPLE";
    }

    @Override
    public String description() {
        return "Runs the example plugin's scale models";
    }

    @Override
    public ModelInitializer create(TangoConfig config, String instanceName) {
        return descriptor -> descriptor.format().equals(ScaleModel.FORMAT)
                ? Optional.<TangoModel<?, ?>>of(new ScaleModel(descriptor))
                : Optional.empty();
    }
}
