package io.tango.plugin.devo.client;

import java.time.Duration;

/**
 * How a client retries the calls that are safe to retry (see {@link ModelManagerClient}): at most {@code maxRetries}
 * times, waiting {@code initialDelay}, then twice as long each time up to {@code maxDelay}, each delay varied randomly
 * by up to 20 % (jitter); never past the call's timeout. The client's own type, so that its API stays as it was; the
 * toolkit's {@code RetrySettings} checks and applies it.
 *
 * @param maxRetries retries after the first attempt; 0 turns retries off
 * @param initialDelay the delay before the first retry
 * @param maxDelay the longest delay between two attempts
 */
public record RetrySettings(int maxRetries, Duration initialDelay, Duration maxDelay) {
    /** Three retries, 200 ms doubling up to 5 s. */
    public static final RetrySettings DEFAULT = new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(5));

    /** @throws IllegalArgumentException as the toolkit's {@code RetrySettings}, whose checks these are */
    public RetrySettings {
        toTransport(maxRetries, initialDelay, maxDelay);
    }

    /** @return no retries at all: every call is attempted once, as the Python client does */
    public static RetrySettings none() {
        return new RetrySettings(0, DEFAULT.initialDelay(), DEFAULT.maxDelay());
    }

    /**
     * @param maxRetries retries after the first attempt
     * @return these settings with another number of retries
     */
    public RetrySettings withMaxRetries(int maxRetries) {
        return new RetrySettings(maxRetries, initialDelay, maxDelay);
    }

    /** @return these settings as the toolkit's transport takes them */
    io.tango.toolkit.http.RetrySettings toTransport() {
        return toTransport(maxRetries, initialDelay, maxDelay);
    }

    private static io.tango.toolkit.http.RetrySettings toTransport(
            int maxRetries, Duration initialDelay, Duration maxDelay) {
        return new io.tango.toolkit.http.RetrySettings(maxRetries, initialDelay, maxDelay);
    }
}
