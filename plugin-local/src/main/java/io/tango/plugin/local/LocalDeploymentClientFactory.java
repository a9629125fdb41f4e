package io.tango.plugin.local;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;
import io.tango.api.config.TangoConfig;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.spi.DeploymentClientFactory;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;

import java.time.Clock;
import java.util.List;

/** Creates {@link LocalDeploymentClient}s: deployment target {@code local}. */
public final class LocalDeploymentClientFactory implements DeploymentClientFactory {
    static final ConfigOption HOST = ConfigOption.of("host", OptionType.STRING).withDefault("127.0.0.1")
            .withDescription("Address served deployments bind to (loopback unless you mean to expose them)");
    static final ConfigOption WORKERS = ConfigOption.of("workers", OptionType.INT).withDefault("4")
            .withDescription("Requests one served deployment evaluates at once");
    static final ConfigOption QUEUE_SIZE = ConfigOption.of("queue_size", OptionType.INT).withDefault("64")
            .withDescription("Requests that may wait for a worker; more are answered 503");
    static final ConfigOption MAX_REQUEST_SIZE = ConfigOption.of("max_request_size", OptionType.SIZE).withDefault("16MiB")
            .withDescription("Largest request body accepted; larger ones are answered 413");

    @Override
    public String type() {
        return LocalDeploymentClient.TARGET;
    }

    @Override
    public String description() {
        return "Deploys local store models into this process, served over HTTP with MLflow's scoring protocol";
    }

    @Override
    public List<ConfigOption> options() {
        return List.of(LocalOptions.ROOT, HOST, WORKERS, QUEUE_SIZE, MAX_REQUEST_SIZE,
                LocalOptions.INTRA_OP_THREADS, LocalOptions.INTER_OP_THREADS);
    }

    @Override
    public DeploymentClient create(TangoConfig config, String instanceName) {
        long maxRequestSize = config.getSize(MAX_REQUEST_SIZE.key(), 16L << 20);
        if (maxRequestSize < 1 || maxRequestSize > Integer.MAX_VALUE) {
            throw new InvalidConfigException(LocalOptions.path(config, MAX_REQUEST_SIZE.key()),
                    "must be between 1 byte and 2GiB, got " + maxRequestSize);
        }
        ServingSettings serving = new ServingSettings(
                config.getString(HOST.key(), "127.0.0.1"),
                LocalOptions.atLeast(config, WORKERS.key(), 4, 1),
                LocalOptions.atLeast(config, QUEUE_SIZE.key(), 64, 0),
                (int) maxRequestSize);
        LocalModelStore store = new LocalModelStore(LocalOptions.root(config));
        LocalModelLoader loader = new LocalModelLoader(ModelEngines.discover(), LocalOptions.engineSettings(config));
        return new LocalDeploymentClient(store, new LocalModelFinder(store, instanceName), loader, serving, Clock.systemUTC());
    }
}
