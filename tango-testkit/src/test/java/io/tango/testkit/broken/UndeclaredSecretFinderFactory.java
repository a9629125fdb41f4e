package io.tango.testkit.broken;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;
import java.util.Optional;

/** Broken on purpose: a {@code tracking_token} option not declared secret, so the runtime shows its value. */
public final class UndeclaredSecretFinderFactory implements ModelFinderFactory {
    static final ConfigOption<String> TRACKING_TOKEN = ConfigOption.string("tracking_token")
            .withDescription("Token of the tracking server");

    @Override
    public String type() {
        return "BROKEN_UNDECLARED_SECRET";
    }

    @Override
    public String description() {
        return "Forgets to declare its token secret";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(TRACKING_TOKEN);
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        return key -> Optional.empty();
    }
}
