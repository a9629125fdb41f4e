package io.tango.plugin.mlflow;

import io.tango.api.InvalidConfigException;
import io.tango.api.ModelServerProxy;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelServerProxyFactory;
import io.tango.plugin.mlflow.scoring.MlflowScoringServerProxy;
import io.tango.toolkit.http.HttpOptions;
import io.tango.toolkit.spi.DeclaredFactory;

import java.net.URI;
import java.util.List;

/** Creates {@link MlflowScoringServerProxy}s: type {@code MLFLOW}. Stateless. */
public final class MlflowScoringServerProxyFactory extends DeclaredFactory<ModelServerProxy>
        implements ModelServerProxyFactory {
    /** The factory the runtime's ServiceLoader instantiates. */
    public MlflowScoringServerProxyFactory() {
        super("MLFLOW",
                "A running MLflow scoring server (mlflow models serve): /ping, /version and /invocations",
                List.of(MlflowOptions.SERVER_URL, MlflowOptions.SERVER_TOKEN, MlflowOptions.CONNECT_TIMEOUT,
                        MlflowOptions.REQUEST_TIMEOUT, MlflowOptions.MAX_RETRIES, MlflowOptions.RETRY_DELAY,
                        MlflowOptions.MAX_RETRY_DELAY, MlflowOptions.MAX_RESPONSE_SIZE));
    }

    @Override
    protected ModelServerProxy build(TangoConfig config, String instanceName) {
        String text = config.get(MlflowOptions.SERVER_URL);
        URI url;
        try {
            url = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(MlflowOptions.path(config, MlflowOptions.SERVER_URL),
                    "not a URL: " + e.getMessage());
        }
        if (url.getHost() == null || url.getRawUserInfo() != null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new InvalidConfigException(MlflowOptions.path(config, MlflowOptions.SERVER_URL),
                    "must be an http(s) URL without credentials, e.g. http://127.0.0.1:5001");
        }
        return new MlflowScoringServerProxy(url, MlflowOptions.serverCredentials(config), HttpOptions.settings(config));
    }
}
