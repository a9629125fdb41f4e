package io.tango.plugin.mlflow;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.plugin.mlflow.finder.MlflowModelFinder;
import io.tango.toolkit.spi.DeclaredFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creates {@link MlflowModelFinder}s: type {@code MLFLOW}. Stateless. */
public final class MlflowModelFinderFactory extends DeclaredFactory<ModelFinder> implements ModelFinderFactory {
    /** The factory the runtime's ServiceLoader instantiates. */
    public MlflowModelFinderFactory() {
        super("MLFLOW",
                "Finds models:/ and runs:/ models on an MLflow tracking server, downloads them into a cache folder, and "
                + "describes mlflow+http:// scoring servers",
                declaredOptions());
    }

    private static List<ConfigOption<?>> declaredOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(MlflowOptions.connectionOptions());
        options.add(MlflowOptions.CACHE_DIR);
        options.add(MlflowOptions.MAX_DOWNLOAD_SIZE);
        options.add(MlflowOptions.EXPLAINER_TAG);
        options.add(MlflowOptions.FIND_EXPLAINERS);
        return List.copyOf(options);
    }

    @Override
    protected ModelFinder build(TangoConfig config, String instanceName) {
        Optional<String> explainerTag = config.get(MlflowOptions.FIND_EXPLAINERS)
                ? Optional.of(config.get(MlflowOptions.EXPLAINER_TAG))
                : Optional.empty();
        return new MlflowModelFinder(
                MlflowOptions.connection(config),
                MlflowOptions.cacheDir(config),
                config.get(MlflowOptions.MAX_DOWNLOAD_SIZE),
                explainerTag,
                instanceName);
    }
}
