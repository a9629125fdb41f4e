package io.tango.plugin.deepaas.client;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a {@link DeepaasClient} talks to its server.
 *
 * @param timeout the longest any call may take, from sending the request to reading the whole answer, retries and
 *     their pauses included
 * @param connectTimeout the longest opening a connection may take
 * @param maxRetries how many times an idempotent GET is retried after a connection failure, a 5xx or a 429 answer;
 *     other calls are never retried
 * @param retryDelay the pause before the first retry; each further pause doubles, up to {@code maxRetryDelay}, and
 *     every pause is varied randomly by up to {@value #JITTER} of itself (jitter)
 * @param maxRetryDelay the longest pause between two attempts (a 429's {@code Retry-After} is waited on whole, as long
 *     as it ends before the call's timeout)
 * @param maxResponseSize the most bytes of an answer's body this client reads; a larger answer is refused
 * @param credentials the token sent to one server, if any
 */
public record DeepaasClientSettings(
        Duration timeout,
        Duration connectTimeout,
        int maxRetries,
        Duration retryDelay,
        Duration maxRetryDelay,
        long maxResponseSize,
        Optional<DeepaasCredentials> credentials) {

    /** The fraction by which every retry pause is randomly varied, so that clients failing together retry apart. */
    public static final double JITTER = 0.2;

    /** The default {@code maxResponseSize}: 64 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_SIZE = 64L << 20;

    /** Settings for tests and tools: 30 s per call, 5 s to connect, 2 retries from 200 ms up to 5 s, 64 MiB answers. */
    public static final DeepaasClientSettings DEFAULT = new DeepaasClientSettings(Duration.ofSeconds(30),
            Duration.ofSeconds(5), 2, Duration.ofMillis(200), Duration.ofSeconds(5), DEFAULT_MAX_RESPONSE_SIZE,
            Optional.empty());

    public DeepaasClientSettings {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(retryDelay, "retryDelay is null");
        requireNonNull(maxRetryDelay, "maxRetryDelay is null");
        requireNonNull(credentials, "credentials is null");
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
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException("maxRetryDelay must be >= retryDelay (" + retryDelay + "), got "
                    + maxRetryDelay);
        }
        if (maxResponseSize <= 0) {
            throw new IllegalArgumentException("maxResponseSize must be positive, got " + maxResponseSize);
        }
    }

    /**
     * @param timeout the whole-call timeout
     * @param connectTimeout the connection timeout
     * @param maxRetries the GET retries
     * @param retryDelay the first pause, also the longest
     * @return settings without backoff growth, with the default answer size and no credentials
     */
    public static DeepaasClientSettings of(Duration timeout, Duration connectTimeout, int maxRetries, Duration retryDelay) {
        return new DeepaasClientSettings(timeout, connectTimeout, maxRetries, retryDelay, retryDelay,
                DEFAULT_MAX_RESPONSE_SIZE, Optional.empty());
    }

    /** @return these settings with another answer size cap */
    public DeepaasClientSettings withMaxResponseSize(long bytes) {
        return new DeepaasClientSettings(timeout, connectTimeout, maxRetries, retryDelay, maxRetryDelay, bytes, credentials);
    }

    /** @return these settings with a token for one server */
    public DeepaasClientSettings withCredentials(DeepaasCredentials credentials) {
        return new DeepaasClientSettings(timeout, connectTimeout, maxRetries, retryDelay, maxRetryDelay,
                maxResponseSize, Optional.of(credentials));
    }
}
