package io.tango.plugin.mlflow;

import io.tango.api.ModelRegistryConnector;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;
import io.tango.plugin.mlflow.registry.MlflowRegistryConnector;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;

/** Creates {@link MlflowRegistryConnector}s: type {@code MLFLOW}. Stateless. */
public final class MlflowRegistryConnectorFactory extends DeclaredFactory<ModelRegistryConnector>
        implements ModelRegistryConnectorFactory {
    /** The factory the runtime's ServiceLoader instantiates. */
    public MlflowRegistryConnectorFactory() {
        super("MLFLOW",
                "An MLflow tracking server's model registry: metadata, downloads through the mlflow-artifacts proxy, "
                + "single artifact files",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(MlflowOptions.connectionOptions());
        options.add(MlflowOptions.MAX_DOWNLOAD_SIZE);
        options.add(MlflowOptions.EXPLAINER_TAG);
        return List.copyOf(options);
    }

    @Override
    protected ModelRegistryConnector build(TangoConfig config, String instanceName) {
        return new MlflowRegistryConnector(
                MlflowOptions.connection(config),
                config.get(MlflowOptions.MAX_DOWNLOAD_SIZE),
                config.get(MlflowOptions.EXPLAINER_TAG),
                instanceName);
    }
}
