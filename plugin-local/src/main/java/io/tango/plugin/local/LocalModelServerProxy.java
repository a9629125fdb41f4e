package io.tango.plugin.local;

import io.tango.api.Blob;
import io.tango.api.ModelServerProxy;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.http.RemoteErrorReader;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A proxy for a scoring server that speaks MLflow's protocol: a served local deployment, or {@code mlflow models
 * serve}. Its calls go through tango-plugin-toolkit's {@link HttpTransport}:
 *
 * <ul>
 *   <li>{@code PREDICT} posts the payload to {@code /invocations} once (a prediction is not idempotent);
 *       {@code METADATA} reads {@code /version} and {@link #ping()} reads {@code /ping}, both retried per
 *       {@link HttpSettings#retry()} on a broken connection and on 429, 500, 502, 503 and 504;</li>
 *   <li>each call has one deadline, {@link HttpSettings#requestTimeout()}, for every attempt and the waits between
 *       them, else an {@link OperationTimeoutException};</li>
 *   <li>every answer is capped at {@link HttpSettings#maxResponseSize()}: a longer one is a
 *       {@link RemoteServiceException} naming the cap and the {@code max_response_size} option;</li>
 *   <li>an error answer becomes a {@link RemoteServiceException} with the status and MLflow's {@code error_code},
 *       retriable for the statuses above.</li>
 * </ul>
 *
 * <p>Thread-safe; {@link #close()} stops the transport's threads (named {@value #THREAD_PREFIX}…).
 */
public final class LocalModelServerProxy implements ModelServerProxy {
    /** The name prefix of this proxy's HTTP threads. */
    public static final String THREAD_PREFIX = "tango-local-proxy-http-";
    private static final RemoteErrorReader MLFLOW_ERRORS = RemoteErrorReader.jsonFields("error_code", "message");

    private final HttpTransport http;

    /**
     * @param url the server's base URL without credentials, e.g. {@code http://127.0.0.1:5000}
     * @param settings the timeouts, retries and size cap of its calls
     */
    public LocalModelServerProxy(URI url, HttpSettings settings) {
        URI base = HttpTransport.stripTrailingSlash(requireNonNull(url, "url is null"));
        requireNonNull(settings, "settings is null");
        this.http = new HttpTransport("scoring server at " + base, base, HttpAuth.none(), settings, MLFLOW_ERRORS,
                THREAD_PREFIX);
    }

    @Override
    public URI serverUrl() {
        return http.baseUri();
    }

    @Override
    public Blob invoke(RequestType requestType, Blob payload) {
        requireNonNull(requestType, "requestType is null");
        requireNonNull(payload, "payload is null");
        HttpRequest.Builder request = switch (requestType) {
            case PREDICT -> request("/invocations")
                    .header("Content-Type", payload.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload.bytes()));
            case METADATA -> request("/version").GET();
            default -> throw new UnsupportedTangoOperationException("the " + http.serviceName()
                    + " has no operation for " + requestType + "; it answers PREDICT and METADATA");
        };
        HttpResponse<byte[]> response = exchange(request.build(), requestType != RequestType.PREDICT);
        String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
        return Blob.of(contentType, response.body());
    }

    /**
     * Asks {@code /ping} whether the server's model is loaded, retried like every GET.
     *
     * @return true when it answered 200
     * @throws RemoteServiceException if it answered an error (after the retries) or could not be reached
     * @throws OperationTimeoutException if it did not answer within the timeout
     */
    public boolean ping() {
        return exchange(request("/ping").GET().build(), true).statusCode() == 200;
    }

    private HttpRequest.Builder request(String path) {
        return http.newRequest(http.uri(path, Map.of()), http.settings().requestTimeout());
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, boolean idempotent) {
        HttpResponse<byte[]> response = http.exchange(request, idempotent, http.settings().requestTimeout());
        if (response.statusCode() / 100 != 2) {
            throw http.error(HttpTransport.call(request), response.statusCode(), response.body());
        }
        return response;
    }

    /** Stops the transport's threads; calls in flight fail. Idempotent. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "LocalModelServerProxy[" + serverUrl() + "]";
    }
}
