package io.tango.toolkit.http;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The settings of an {@link HttpTransport}, as {@link HttpOptions} reads them from a component's config. Immutable.
 *
 * @param connectTimeout the longest wait for a connection
 * @param requestTimeout the longest one call may take: every attempt, the waits between them, the last byte of the body
 * @param retry how idempotent calls are retried
 * @param maxResponseSize the most bytes an answer's body may have; one byte more fails the call
 */
public record HttpSettings(Duration connectTimeout, Duration requestTimeout, RetrySettings retry, long maxResponseSize) {
    /** The default of {@link HttpOptions#MAX_RESPONSE_SIZE}: 64 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_SIZE = 64L << 20;

    /** @throws IllegalArgumentException if a timeout or the size is not positive */
    public HttpSettings {
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(retry, "retry is null");
        for (Duration timeout : new Duration[] {connectTimeout, requestTimeout}) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + timeout);
            }
        }
        if (maxResponseSize <= 0) {
            throw new IllegalArgumentException("maxResponseSize must be positive, got " + maxResponseSize);
        }
    }

    /**
     * @param connectTimeout the longest wait for a connection
     * @param requestTimeout the longest one call may take
     * @param retry how idempotent calls are retried
     * @return settings with the default size cap
     */
    public static HttpSettings of(Duration connectTimeout, Duration requestTimeout, RetrySettings retry) {
        return new HttpSettings(connectTimeout, requestTimeout, retry, DEFAULT_MAX_RESPONSE_SIZE);
    }

    /** @return a copy with another request timeout */
    public HttpSettings withRequestTimeout(Duration timeout) {
        return new HttpSettings(connectTimeout, timeout, retry, maxResponseSize);
    }

    /** @return a copy with another size cap */
    public HttpSettings withMaxResponseSize(long bytes) {
        return new HttpSettings(connectTimeout, requestTimeout, retry, bytes);
    }
}
