package io.tango.plugin.mlflow;

import io.tango.api.ModelRegistryConnector;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.plugin.mlflow.registry.MlflowRegistryConnector;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Creates {@link MlflowRegistryConnector}s: type {@code MLFLOW}. Stateless. */
public final class MlflowRegistryConnectorFactory implements ModelRegistryConnectorFactory {
    @Override
    public String type() {
        return "MLFLOW";
    }

    @Override
    public String description() {
        return "An MLflow tracking server's model registry: metadata, downloads through the mlflow-artifacts proxy, "
                + "single artifact files";
    }

    @Override
    public List<ConfigOption<?>> options() {
        List<ConfigOption<?>> options = new ArrayList<>(MlflowOptions.connectionOptions());
        options.add(MlflowOptions.MAX_DOWNLOAD_SIZE);
        options.add(MlflowOptions.EXPLAINER_TAG);
        return List.copyOf(options);
    }

    @Override
    public ModelRegistryConnector create(TangoConfig config, String instanceName) {
        requireNonNull(config, "config is null");
        requireNonNull(instanceName, "instanceName is null");
        return new MlflowRegistryConnector(
                MlflowOptions.connection(config),
                config.get(MlflowOptions.MAX_DOWNLOAD_SIZE),
                config.get(MlflowOptions.EXPLAINER_TAG),
                instanceName);
    }
}
