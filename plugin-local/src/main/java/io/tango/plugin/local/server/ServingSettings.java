package io.tango.plugin.local.server;

import static java.util.Objects.requireNonNull;

/**
 * How a scoring server serves, and how the models it serves are kept in memory.
 *
 * @param host the address to bind, {@code 127.0.0.1} unless configured otherwise
 * @param workers requests evaluated at once
 * @param queueSize requests that may wait for a worker; more are answered 503
 * @param maxRequestSize the largest request body accepted, in bytes; larger ones are answered 413 (and the largest
 *     gRPC message accepted)
 * @param maxLoadedModels how many deployments may be loaded at once, the least recently used unloaded beyond; 0 for
 *     no limit
 * @param lazyLoading whether a deployment is loaded on its first use rather than when it is created or restored
 * @param predictOnEventLoop whether a request's model call runs on the Netty event loop that read it, with no hand-off
 *     to the workers: for in-process models that answer in microseconds (a slow call stalls every connection of that
 *     loop, and {@code workers} and {@code queueSize} no longer bound anything); batched calls still run on the workers
 */
public record ServingSettings(String host, int workers, int queueSize, int maxRequestSize, int maxLoadedModels,
        boolean lazyLoading, boolean predictOnEventLoop) {
    /** @throws IllegalArgumentException if a count is out of range */
    public ServingSettings {
        requireNonNull(host, "host is null");
        if (workers < 1 || queueSize < 0 || maxRequestSize < 1 || maxLoadedModels < 0) {
            throw new IllegalArgumentException("workers and maxRequestSize must be positive, queueSize and maxLoadedModels"
                    + " not negative");
        }
    }

    /**
     * Settings whose model calls run on the workers.
     *
     * @param host the address to bind
     * @param workers requests evaluated at once
     * @param queueSize requests that may wait for a worker
     * @param maxRequestSize the largest request body accepted, in bytes
     * @param maxLoadedModels how many deployments may be loaded at once; 0 for no limit
     * @param lazyLoading whether deployments are loaded on first use
     */
    public ServingSettings(String host, int workers, int queueSize, int maxRequestSize, int maxLoadedModels,
            boolean lazyLoading) {
        this(host, workers, queueSize, maxRequestSize, maxLoadedModels, lazyLoading, false);
    }

    /**
     * Settings that load every deployment at once, without a limit.
     *
     * @param host the address to bind
     * @param workers requests evaluated at once
     * @param queueSize requests that may wait for a worker
     * @param maxRequestSize the largest request body accepted, in bytes
     */
    public ServingSettings(String host, int workers, int queueSize, int maxRequestSize) {
        this(host, workers, queueSize, maxRequestSize, 0, false);
    }

    /** @return loopback, 4 workers, 64 waiting, 16 MiB, every deployment loaded at once */
    public static ServingSettings defaults() {
        return new ServingSettings("127.0.0.1", 4, 64, 16 << 20);
    }

    /**
     * @param host the address to bind
     * @return these settings on that address
     */
    public ServingSettings withHost(String host) {
        return new ServingSettings(host, workers, queueSize, maxRequestSize, maxLoadedModels, lazyLoading,
                predictOnEventLoop);
    }

    /**
     * @param maxLoadedModels how many deployments may be loaded at once; 0 for no limit
     * @param lazyLoading whether deployments are loaded on first use
     * @return these settings with that loading policy
     */
    public ServingSettings withLoading(int maxLoadedModels, boolean lazyLoading) {
        return new ServingSettings(host, workers, queueSize, maxRequestSize, maxLoadedModels, lazyLoading,
                predictOnEventLoop);
    }

    /**
     * @param predictOnEventLoop whether model calls run on the event loop that read the request
     * @return these settings with that choice
     */
    public ServingSettings withPredictOnEventLoop(boolean predictOnEventLoop) {
        return new ServingSettings(host, workers, queueSize, maxRequestSize, maxLoadedModels, lazyLoading,
                predictOnEventLoop);
    }
}
