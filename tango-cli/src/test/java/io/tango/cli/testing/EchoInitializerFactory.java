package io.tango.cli.testing;

import io.tango.api.ModelInitializer;
import io.tango.api.TangoModel;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelInitializerFactory;

import java.util.Optional;

/** Initializer type {@code ECHO}: runs descriptors of format {@code echo} as {@link EchoModel}s. */
public final class EchoInitializerFactory implements ModelInitializerFactory {
    @Override
    public String type() {
        return "ECHO";
    }

    @Override
    public ModelInitializer create(TangoConfig config, String instanceName) {
        return descriptor -> descriptor.format().equals(EchoModel.FORMAT)
                ? Optional.<TangoModel<?, ?>>of(new EchoModel(descriptor))
                : Optional.empty();
    }
}
