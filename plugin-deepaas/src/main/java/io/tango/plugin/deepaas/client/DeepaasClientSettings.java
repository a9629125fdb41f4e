package io.tango.plugin.deepaas.client;

import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.RetrySettings;
import io.tango.toolkit.http.ServerCredentials;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How the {@link DeepaasClient}s of one component talk to their servers: the toolkit's HTTP settings (timeouts, GET
 * retries, the answer size cap) and the token of one server, if any. Immutable; {@link #toString()} never shows the
 * token.
 *
 * @param http timeouts, retries and the answer size cap of every call
 * @param credentials the token sent to one server, if any
 */
public record DeepaasClientSettings(HttpSettings http, Optional<ServerCredentials> credentials) {

    /** Settings for tests and tools: 30 s per call, 5 s to connect, 2 retries from 200 ms up to 5 s, 64 MiB answers. */
    public static final DeepaasClientSettings DEFAULT = new DeepaasClientSettings(HttpSettings.of(Duration.ofSeconds(5),
            Duration.ofSeconds(30), new RetrySettings(2, Duration.ofMillis(200), Duration.ofSeconds(5))),
            Optional.empty());

    public DeepaasClientSettings {
        requireNonNull(http, "http is null");
        requireNonNull(credentials, "credentials is null");
    }

    /**
     * @param timeout the whole-call timeout
     * @param connectTimeout the connection timeout
     * @param maxRetries the GET retries
     * @param retryDelay the pause between attempts (no backoff growth)
     * @return settings with the default answer size cap and no credentials
     */
    public static DeepaasClientSettings of(Duration timeout, Duration connectTimeout, int maxRetries, Duration retryDelay) {
        return new DeepaasClientSettings(HttpSettings.of(connectTimeout, timeout,
                new RetrySettings(maxRetries, retryDelay, retryDelay)), Optional.empty());
    }

    /** @return these settings with another answer size cap */
    public DeepaasClientSettings withMaxResponseSize(long bytes) {
        return new DeepaasClientSettings(http.withMaxResponseSize(bytes), credentials);
    }

    /** @return these settings with a token for one server */
    public DeepaasClientSettings withCredentials(ServerCredentials credentials) {
        return new DeepaasClientSettings(http, Optional.of(credentials));
    }
}
