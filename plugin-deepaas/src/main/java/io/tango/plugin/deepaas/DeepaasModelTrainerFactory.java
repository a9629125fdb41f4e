package io.tango.plugin.deepaas;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.ModelTrainer;
import io.tango.api.spi.ModelTrainerFactory;
import io.tango.plugin.deepaas.client.DeepaasHttp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Type {@code DEEPAAS} trainers: start, follow and cancel trainings on a DEEPaaS server. Stateless. */
public final class DeepaasModelTrainerFactory implements ModelTrainerFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    static final String POLL_INTERVAL = "poll_interval";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Starts trainings on a DEEPaaS 2.x server (POST train), follows them by polling and cancels them"
                + " (DELETE)";
    }

    @Override
    public List<ConfigOption> options() {
        List<ConfigOption> options = new ArrayList<>();
        options.add(DeepaasOptions.requiredBaseUrl("the DEEPaaS server whose models this trainer trains"));
        options.add(ConfigOption.of(POLL_INTERVAL, OptionType.DURATION).withDefault("500ms")
                .withDescription("How often a waiting training future asks the server for the training's status"));
        options.add(DeepaasOptions.clientSideValidation());
        options.addAll(DeepaasOptions.httpOptions());
        return List.copyOf(options);
    }

    @Override
    public ModelTrainer create(TangoConfig config, String instanceName) {
        var baseUrl = DeepaasOptions.requireBaseUrl(config);
        Duration pollInterval = DeepaasOptions.positive(config, POLL_INTERVAL,
                config.getDuration(POLL_INTERVAL, Duration.ofMillis(500)));
        DeepaasHttp http = new DeepaasHttp(DeepaasOptions.settings(config), "tango-deepaas-trainer-" + instanceName);
        return new DeepaasModelTrainer(instanceName, baseUrl, pollInterval,
                config.getBoolean(DeepaasOptions.CLIENT_SIDE_VALIDATION, true), http);
    }
}
