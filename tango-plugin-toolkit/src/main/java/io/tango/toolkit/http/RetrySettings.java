package io.tango.toolkit.http;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How idempotent calls are retried on the {@linkplain HttpTransport#isRetriableStatus retriable conditions}: at most
 * {@code maxRetries} more attempts, waiting {@code initialDelay}, then twice as long each time, up to {@code maxDelay}
 * (each wait varied by {@link HttpTransport#JITTER}). Immutable.
 *
 * @param maxRetries how many retries after the first attempt; 0 disables retries
 * @param initialDelay the wait before the first retry
 * @param maxDelay the longest wait between two attempts
 */
public record RetrySettings(int maxRetries, Duration initialDelay, Duration maxDelay) {
    /** No retries. */
    public static final RetrySettings NONE = new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1));

    /**
     * @throws IllegalArgumentException if {@code maxRetries} is negative, {@code initialDelay} not positive, or
     *     {@code maxDelay} shorter than {@code initialDelay}
     */
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
