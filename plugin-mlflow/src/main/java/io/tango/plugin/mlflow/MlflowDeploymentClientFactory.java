package io.tango.plugin.mlflow;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.toolkit.http.HttpOptions;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.spi.DeploymentClientFactory;
import io.tango.plugin.mlflow.deploy.DeploymentSettings;
import io.tango.plugin.mlflow.deploy.MlflowDeploymentClient;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/** Creates {@link MlflowDeploymentClient}s: deployment target {@code mlflow}. Stateless. */
public final class MlflowDeploymentClientFactory extends DeclaredFactory<DeploymentClient>
        implements DeploymentClientFactory {
    /** The factory the runtime's ServiceLoader instantiates. */
    public MlflowDeploymentClientFactory() {
        super(MlflowDeploymentClient.TARGET,
                "Deploys models as MLflow scoring servers ('mlflow models serve') on 127.0.0.1, recorded on disk",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(List.of(MlflowOptions.MLFLOW_COMMAND, MlflowOptions.STATE_DIR,
                MlflowOptions.ENV_MANAGER, MlflowOptions.WORKERS, MlflowOptions.STARTUP_TIMEOUT,
                MlflowOptions.CONNECT_TIMEOUT, MlflowOptions.REQUEST_TIMEOUT, MlflowOptions.INPUT_FORMAT,
                MlflowOptions.STOP_ON_CLOSE));
        options.addAll(List.of(MlflowOptions.TRACKING_URI, MlflowOptions.TRACKING_TOKEN,
                MlflowOptions.TRACKING_USERNAME, MlflowOptions.TRACKING_PASSWORD, MlflowOptions.ENVIRONMENT));
        return List.copyOf(options);
    }

    @Override
    protected DeploymentClient build(TangoConfig config, String instanceName) {
        return new MlflowDeploymentClient(new DeploymentSettings(
                config.get(MlflowOptions.MLFLOW_COMMAND),
                MlflowOptions.folder(config, MlflowOptions.STATE_DIR, "mlflow-deployments"),
                config.get(MlflowOptions.ENV_MANAGER),
                MlflowOptions.workers(config),
                MlflowOptions.startupTimeout(config),
                HttpOptions.connectTimeout(config),
                HttpOptions.requestTimeout(config),
                MlflowOptions.inputFormat(config),
                config.get(MlflowOptions.STOP_ON_CLOSE),
                MlflowOptions.optionalConnection(config)));
    }
}
