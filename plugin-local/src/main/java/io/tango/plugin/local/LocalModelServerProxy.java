package io.tango.plugin.local;

import io.tango.api.Blob;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.http.RemoteErrorReader;
import io.tango.toolkit.proxy.HttpServerProxy;

import java.net.URI;

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
 * {@code TRAIN} and {@code EXPLAIN} are {@link io.tango.api.UnsupportedTangoOperationException}s.
 *
 * <p>Thread-safe; {@link #close()} stops the transport's threads (named {@value #THREAD_PREFIX}…).
 */
public final class LocalModelServerProxy extends HttpServerProxy {
    /** The name prefix of this proxy's HTTP threads. */
    public static final String THREAD_PREFIX = "tango-local-proxy-http-";
    private static final RemoteErrorReader MLFLOW_ERRORS = RemoteErrorReader.jsonFields("error_code", "message");
    private static final String OCTET_STREAM = "application/octet-stream";

    /**
     * @param url the server's base URL without credentials, e.g. {@code http://127.0.0.1:5000}
     * @param settings the timeouts, retries and size cap of its calls
     */
    public LocalModelServerProxy(URI url, HttpSettings settings) {
        super(transport(HttpTransport.stripTrailingSlash(requireNonNull(url, "url is null")),
                requireNonNull(settings, "settings is null")));
    }

    private static HttpTransport transport(URI base, HttpSettings settings) {
        return new HttpTransport("scoring server at " + base, base, HttpAuth.none(), settings, MLFLOW_ERRORS,
                THREAD_PREFIX);
    }

    @Override
    protected Blob predict(Blob payload) {
        return post("/invocations", payload, OCTET_STREAM);
    }

    @Override
    protected Blob metadata(Blob payload) {
        return toBlob(get("/version"), OCTET_STREAM);
    }

    @Override
    protected String unsupportedReason() {
        return "it answers PREDICT and METADATA";
    }

    /**
     * Asks {@code /ping} whether the server's model is loaded, retried like every GET.
     *
     * @return true when it answered 200
     * @throws RemoteServiceException if it answered an error (after the retries) or could not be reached
     * @throws OperationTimeoutException if it did not answer within the timeout
     */
    public boolean ping() {
        return get("/ping").statusCode() == 200;
    }

    @Override
    public String toString() {
        return "LocalModelServerProxy[" + serverUrl() + "]";
    }
}
