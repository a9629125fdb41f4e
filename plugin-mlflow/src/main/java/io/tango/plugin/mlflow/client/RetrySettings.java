package io.tango.plugin.mlflow.client;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How idempotent calls are retried on connection errors, HTTP 429 and 5xx: at most {@code maxRetries} more attempts,
 * waiting {@code initialDelay}, then twice as long each time, up to {@code maxDelay}.
 *
 * @param maxRetries how many retries after the first attempt; 0 disables retries
 * @param initialDelay the wait before the first retry
 * @param maxDelay the longest wait between two attempts
 */
public record RetrySettings(int maxRetries, Duration initialDelay, Duration maxDelay) {
    /** No retries. */
    public static final RetrySettings NONE = new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1));

    public RetrySettings {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        requireNonNull(initialDelay, "initialDelay is null");
        requireNonNull(maxDelay, "maxDelay is null");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive, got " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than initialDelay " + initialDelay);
        }
    }
}
