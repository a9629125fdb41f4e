package io.tango.plugin.local;

import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.spi.DeploymentClientFactory;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.toolkit.spi.DeclaredFactory;

import java.time.Clock;
import java.util.List;

/** Creates {@link LocalDeploymentClient}s: deployment target {@code local}. */
public final class LocalDeploymentClientFactory extends DeclaredFactory<DeploymentClient>
        implements DeploymentClientFactory {
    static final ConfigOption<String> HOST = ConfigOption.string("host").withDefault("127.0.0.1")
            .withDescription("Address served deployments bind to (loopback unless you mean to expose them)");
    static final ConfigOption<Integer> WORKERS = ConfigOption.integer("workers").withDefault(4).withMinimum(1)
            .withDescription("Requests one served deployment evaluates at once");
    static final ConfigOption<Integer> QUEUE_SIZE = ConfigOption.integer("queue_size").withDefault(64).withMinimum(0)
            .withDescription("Requests that may wait for a worker; more are answered 503");
    /** At most 2GiB - 1: the body is read into one array. */
    static final ConfigOption<Long> MAX_REQUEST_SIZE = ConfigOption.size("max_request_size").withDefault(16L << 20)
            .withRange(1L, (long) Integer.MAX_VALUE)
            .withDescription("Largest request body accepted; larger ones are answered 413");
    static final ConfigOption<Integer> MAX_LOADED_MODELS = ConfigOption.integer("max_loaded_models").withDefault(0)
            .withMinimum(0)
            .withDescription("Deployments loaded at once; beyond it the least recently used is unloaded until used again"
                    + " (0: no limit)");
    static final ConfigOption<String> LOADING = ConfigOption.enumOf("loading", "eager", "lazy").withDefault("eager")
            .withDescription("When a deployment's model is loaded: eager (when created or restored) or lazy (on first use)");

    static final ConfigOption<String> PREDICT_ON = ConfigOption.enumOf("predict_on", "workers", "event_loop")
            .withDefault("workers")
            .withDescription("Where a served request's model call runs: workers (the pool of 'workers' threads, the event"
                    + " loops only parse HTTP) or event_loop (on the event loop that read it, no thread hand-off: only for"
                    + " models answering in microseconds, since a slow call stalls every connection of its loop)");

    /** The factory the runtime's ServiceLoader instantiates. */
    public LocalDeploymentClientFactory() {
        super(LocalDeploymentClient.TARGET,
                "Deploys local store models into this process, served over HTTP with MLflow's scoring protocol and the"
                        + " Open Inference Protocol (REST and gRPC)",
                List.of(LocalOptions.ROOT, HOST, WORKERS, QUEUE_SIZE, MAX_REQUEST_SIZE, MAX_LOADED_MODELS, LOADING, PREDICT_ON,
                LocalOptions.INTRA_OP_THREADS, LocalOptions.INTER_OP_THREADS));
    }

    @Override
    protected DeploymentClient build(TangoConfig config, String instanceName) {
        ServingSettings serving = new ServingSettings(
                config.get(HOST),
                config.get(WORKERS),
                config.get(QUEUE_SIZE),
                Math.toIntExact(config.get(MAX_REQUEST_SIZE)),
                config.get(MAX_LOADED_MODELS),
                config.get(LOADING).equals("lazy"),
                config.get(PREDICT_ON).equals("event_loop"));
        LocalModelStore store = new LocalModelStore(LocalOptions.root(config));
        LocalModelLoader loader = new LocalModelLoader(ModelEngines.discover(), LocalOptions.engineSettings(config));
        return new LocalDeploymentClient(store, new LocalModelFinder(store, instanceName), loader, serving, Clock.systemUTC());
    }
}
