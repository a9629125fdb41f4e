package io.tango.plugin.local.server;

import static java.util.Objects.requireNonNull;

/**
 * How a scoring server serves.
 *
 * @param host the address to bind, {@code 127.0.0.1} unless configured otherwise
 * @param workers requests evaluated at once
 * @param queueSize requests that may wait for a worker; more are answered 503
 * @param maxRequestSize the largest request body accepted, in bytes; larger ones are answered 413
 */
public record ServingSettings(String host, int workers, int queueSize, int maxRequestSize) {
    public ServingSettings {
        requireNonNull(host, "host is null");
        if (workers < 1 || queueSize < 0 || maxRequestSize < 1) {
            throw new IllegalArgumentException("workers and maxRequestSize must be positive and queueSize not negative");
        }
    }

    /** @return loopback, 4 workers, 64 waiting, 16 MiB */
    public static ServingSettings defaults() {
        return new ServingSettings("127.0.0.1", 4, 64, 16 << 20);
    }
}
