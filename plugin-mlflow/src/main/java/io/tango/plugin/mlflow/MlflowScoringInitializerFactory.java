package io.tango.plugin.mlflow;

import io.tango.api.ModelInitializer;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.toolkit.http.HttpOptions;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.toolkit.http.HttpAuth;
import io.tango.plugin.mlflow.scoring.LocalScoringServers;
import io.tango.plugin.mlflow.scoring.MlflowScoringInitializer;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creates {@link MlflowScoringInitializer}s: type {@code MLFLOW}. Stateless. */
public final class MlflowScoringInitializerFactory extends DeclaredFactory<ModelInitializer>
        implements ModelInitializerFactory {
    /** The factory the runtime's ServiceLoader instantiates. */
    public MlflowScoringInitializerFactory() {
        super("MLFLOW",
                "Runs models on MLflow scoring servers: running ones (format mlflow-scoring-server) and, with "
                + "serve_models, pyfunc models and explainers it serves itself",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(List.of(MlflowOptions.INPUT_FORMAT, MlflowOptions.SERVER_TOKEN,
                MlflowOptions.CONNECT_TIMEOUT, MlflowOptions.REQUEST_TIMEOUT, MlflowOptions.MAX_RETRIES,
                MlflowOptions.RETRY_DELAY, MlflowOptions.MAX_RETRY_DELAY, MlflowOptions.MAX_RESPONSE_SIZE,
                MlflowOptions.SERVE_MODELS,
                MlflowOptions.MLFLOW_COMMAND, MlflowOptions.ENV_MANAGER, MlflowOptions.WORKERS,
                MlflowOptions.STARTUP_TIMEOUT, MlflowOptions.LOG_DIR));
        options.addAll(List.of(MlflowOptions.TRACKING_URI, MlflowOptions.TRACKING_TOKEN,
                MlflowOptions.TRACKING_USERNAME, MlflowOptions.TRACKING_PASSWORD, MlflowOptions.ENVIRONMENT));
        return List.copyOf(options);
    }

    @Override
    protected ModelInitializer build(TangoConfig config, String instanceName) {
        Optional<LocalScoringServers> serving = Optional.empty();
        if (config.get(MlflowOptions.SERVE_MODELS)) {
            Optional<MlflowConnection> tracking = MlflowOptions.optionalConnection(config);
            HttpAuth credentials = tracking.map(MlflowConnection::credentials)
                    .orElseGet(() -> MlflowOptions.credentials(config, MlflowOptions.environment(config)));
            serving = Optional.of(new LocalScoringServers(
                    config.get(MlflowOptions.MLFLOW_COMMAND),
                    config.get(MlflowOptions.ENV_MANAGER),
                    MlflowOptions.workers(config),
                    MlflowOptions.startupTimeout(config),
                    MlflowOptions.folder(config, MlflowOptions.LOG_DIR, "mlflow-serving"),
                    credentials,
                    tracking.map(MlflowConnection::trackingUri)));
        }
        return new MlflowScoringInitializer(
                MlflowOptions.serverCredentials(config),
                HttpOptions.settings(config),
                MlflowOptions.inputFormat(config),
                serving);
    }
}
