package io.tango.plugin.deepaas;

import io.tango.api.InvalidConfigException;
import io.tango.api.TangoException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.ModelTrainer;
import io.tango.api.spi.ModelTrainerFactory;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.toolkit.spi.DeclaredFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Type {@code DEEPAAS} trainers: start, follow and cancel trainings on a DEEPaaS server. Stateless. */
public final class DeepaasModelTrainerFactory extends DeclaredFactory<ModelTrainer> implements ModelTrainerFactory {
    /** The type name. */
    public static final String TYPE = "DEEPAAS";

    static final ConfigOption<Duration> POLL_INTERVAL = ConfigOption.duration("poll_interval")
            .withDefault(Duration.ofMillis(500)).withMinimum(Duration.ofMillis(1))
            .withDescription("How often a waiting training future asks the server for the training's status");
    static final ConfigOption<String> STATE_DIR = ConfigOption.string("state_dir")
            .withDescription("Folder where the trainer keeps what it learned of its trainings (a sub-folder per"
                    + " instance name, one JSON record per training), so that every trainer of the same name and"
                    + " folder, in any process, still reports a training the server forgot (DEEPaaS forgets"
                    + " canceled trainings, and every training when it restarts) in its final state; '~' is the"
                    + " user's home. Unset: the trainer keeps them in memory only");
    static final ConfigOption<Duration> RETENTION = ConfigOption.duration("retention_duration")
            .withDefault(Duration.ofDays(7)).withMinimum(Duration.ofMillis(1))
            .withDescription("How long the records in state_dir of trainings that ended are kept; older ones are"
                    + " deleted when a trainer starts");

    /** The factory the runtime's ServiceLoader instantiates. */
    public DeepaasModelTrainerFactory() {
        super(TYPE,
                "Starts trainings on a DEEPaaS 2.x server (POST train), follows them by polling and cancels them"
                + " (DELETE)",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        options.add(DeepaasOptions.requiredBaseUrl("the DEEPaaS server whose models this trainer trains"));
        options.add(POLL_INTERVAL);
        options.add(STATE_DIR);
        options.add(RETENTION);
        options.add(DeepaasOptions.clientSideValidation());
        options.addAll(DeepaasOptions.httpOptions());
        return List.copyOf(options);
    }

    @Override
    protected ModelTrainer build(TangoConfig config, String instanceName) {
        var baseUrl = DeepaasOptions.requireBaseUrl(config);
        Duration pollInterval = config.get(POLL_INTERVAL);
        Duration retention = config.get(RETENTION);
        Optional<TrainingRecords> records = stateDir(config).map(folder -> records(config, folder, instanceName, retention));
        DeepaasServers http = new DeepaasServers(DeepaasOptions.settings(config), "tango-deepaas-trainer-" + instanceName);
        return new DeepaasModelTrainer(instanceName, baseUrl, pollInterval,
                config.get(DeepaasOptions.CLIENT_SIDE_VALIDATION), http, records);
    }

    private static Optional<Path> stateDir(TangoConfig config) {
        Optional<String> value = config.getOptional(STATE_DIR).map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get();
        if (text.isEmpty()) {
            throw new InvalidConfigException(DeepaasOptions.path(config, STATE_DIR.key()),
                    "is blank; name a folder, or leave it out to keep trainings in memory only");
        }
        String home = System.getProperty("user.home");
        if (text.equals("~") || text.startsWith("~/") || text.startsWith("~\\")) {
            text = home + text.substring(1);
        }
        return Optional.of(Path.of(text).toAbsolutePath().normalize());
    }

    private static TrainingRecords records(TangoConfig config, Path stateDir, String instanceName, Duration retention) {
        if (!TrainingRecords.isPlainName(instanceName)) {
            throw new InvalidConfigException(DeepaasOptions.path(config, STATE_DIR.key()), "keeps the records of trainer '"
                    + instanceName + "' in a sub-folder named after it, but that name is no plain folder name: name"
                    + " the instance with letters, digits, '.', '_' and '-' only");
        }
        TrainingRecords records;
        try {
            records = new TrainingRecords(stateDir.resolve(instanceName));
        } catch (TangoException e) {
            throw new InvalidConfigException(DeepaasOptions.path(config, STATE_DIR.key()), e.getMessage());
        }
        records.deleteEndedBefore(Instant.now(), retention);
        return records;
    }
}
