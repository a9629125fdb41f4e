package io.tango.plugin.deepaas.client;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How a {@link DeepaasClient} talks to its server.
 *
 * @param timeout the longest any single HTTP call may take, from sending the request to reading the whole answer
 * @param connectTimeout the longest opening a connection may take
 * @param maxRetries how many times an idempotent GET is retried after a connection failure or a 5xx answer; other
 *     calls are never retried
 * @param retryDelay the pause before each retry
 */
public record DeepaasClientSettings(Duration timeout, Duration connectTimeout, int maxRetries, Duration retryDelay) {

    /** Settings for tests and tools: 30 s per call, 5 s to connect, 2 retries 200 ms apart. */
    public static final DeepaasClientSettings DEFAULT =
            new DeepaasClientSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), 2, Duration.ofMillis(200));

    public DeepaasClientSettings {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(retryDelay, "retryDelay is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must be >= 0, got " + retryDelay);
        }
    }
}
