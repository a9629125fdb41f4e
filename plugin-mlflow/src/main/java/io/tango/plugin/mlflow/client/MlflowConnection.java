package io.tango.plugin.mlflow.client;

import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.http.RetrySettings;

import java.net.URI;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Where an MLflow tracking server is and how to talk to it: its URL, credentials, timeouts, retries and size cap.
 *
 * @param trackingUri the tracking server's base URL ({@code http} or {@code https}, no credentials in it)
 * @param credentials how requests authenticate
 * @param connectTimeout the longest wait for a connection
 * @param requestTimeout the longest wait for the answer to one REST call
 * @param downloadTimeout the longest wait for one artifact file to download
 * @param retry how idempotent calls are retried
 * @param maxResponseSize the most bytes one REST answer may have
 */
public record MlflowConnection(
        URI trackingUri,
        HttpAuth credentials,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration downloadTimeout,
        RetrySettings retry,
        long maxResponseSize) {

    public MlflowConnection {
        requireNonNull(trackingUri, "trackingUri is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(downloadTimeout, "downloadTimeout is null");
        requireNonNull(retry, "retry is null");
        if (maxResponseSize <= 0) {
            throw new IllegalArgumentException("maxResponseSize must be positive, got " + maxResponseSize);
        }
        String scheme = trackingUri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("tracking URI must be http or https, got '" + trackingUri + "'");
        }
        if (trackingUri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("tracking URI must not carry credentials");
        }
        trackingUri = HttpTransport.stripTrailingSlash(trackingUri);
    }

    /** A connection with the default size cap ({@link HttpSettings#DEFAULT_MAX_RESPONSE_SIZE}). */
    public MlflowConnection(URI trackingUri, HttpAuth credentials, Duration connectTimeout, Duration requestTimeout,
            Duration downloadTimeout, RetrySettings retry) {
        this(trackingUri, credentials, connectTimeout, requestTimeout, downloadTimeout, retry,
                HttpSettings.DEFAULT_MAX_RESPONSE_SIZE);
    }

    /**
     * @param trackingUri the tracking server's base URL
     * @return a connection without credentials, with 10s connect / 30s request / 10m download timeouts and 3 retries
     */
    public static MlflowConnection of(URI trackingUri) {
        return new MlflowConnection(
                trackingUri,
                HttpAuth.none(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofMinutes(10),
                new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(5)));
    }

    /** @return a copy with other credentials */
    public MlflowConnection withCredentials(HttpAuth newCredentials) {
        return new MlflowConnection(trackingUri, newCredentials, connectTimeout, requestTimeout, downloadTimeout, retry,
                maxResponseSize);
    }

    /** @return a copy with other retry settings */
    public MlflowConnection withRetry(RetrySettings newRetry) {
        return new MlflowConnection(trackingUri, credentials, connectTimeout, requestTimeout, downloadTimeout, newRetry,
                maxResponseSize);
    }

    /** @return a copy with another request timeout */
    public MlflowConnection withRequestTimeout(Duration timeout) {
        return new MlflowConnection(trackingUri, credentials, connectTimeout, timeout, downloadTimeout, retry,
                maxResponseSize);
    }

    /** @return a copy with another size cap of REST answers */
    public MlflowConnection withMaxResponseSize(long bytes) {
        return new MlflowConnection(trackingUri, credentials, connectTimeout, requestTimeout, downloadTimeout, retry,
                bytes);
    }

    /** @return how error messages name this server, e.g. {@code MLflow at http://127.0.0.1:5000} */
    public String serviceName() {
        return "MLflow at " + trackingUri;
    }

    /** @return HTTP to this tracking server, reading MLflow's error bodies; the caller closes it */
    public HttpTransport openTransport() {
        return MlflowErrors.transport(serviceName(), trackingUri, credentials,
                new HttpSettings(connectTimeout, requestTimeout, retry, maxResponseSize));
    }

    @Override
    public String toString() {
        return "MlflowConnection[" + trackingUri + ", " + credentials + ", connect " + connectTimeout + ", request "
                + requestTimeout + ", download " + downloadTimeout + ", " + retry + ", max response "
                + maxResponseSize + " bytes]";
    }
}
