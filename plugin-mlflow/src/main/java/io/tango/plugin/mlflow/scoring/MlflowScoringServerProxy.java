package io.tango.plugin.mlflow.scoring;

import io.tango.api.Blob;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.plugin.mlflow.client.MlflowErrors;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.http.RetrySettings;
import io.tango.toolkit.proxy.HttpServerProxy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A running MLflow scoring server ({@code mlflow models serve}, or a container built by {@code mlflow models
 * build-docker}): {@code GET /ping}, {@code GET /version} and {@code POST /invocations}.
 *
 * <p>{@link RequestType#PREDICT} posts the payload to {@code /invocations} as it is (JSON or CSV; see
 * {@link ScoringPayloads} for the JSON formats) and is not retried, since a prediction is a POST;
 * {@link RequestType#METADATA} answers the server's MLflow version from {@code /version} as {@code text/plain}, retried
 * like every GET. Every answer is capped at {@link HttpSettings#maxResponseSize()}: a longer one fails the call with a
 * {@link RemoteServiceException} naming the cap and the {@code max_response_size} option. A scoring server can neither
 * train nor explain: those are {@link io.tango.api.UnsupportedTangoOperationException}s. Thread-safe.
 */
public final class MlflowScoringServerProxy extends HttpServerProxy {
    private final Duration requestTimeout;

    /**
     * @param serverUrl the server's base URL, e.g. {@code http://127.0.0.1:5001}
     * @param credentials how requests authenticate (usually none for a scoring server)
     * @param connectTimeout the longest wait for a connection
     * @param requestTimeout the longest wait for an answer
     * @param retry how GETs are retried
     */
    public MlflowScoringServerProxy(
            URI serverUrl,
            HttpAuth credentials,
            Duration connectTimeout,
            Duration requestTimeout,
            RetrySettings retry) {
        this(serverUrl, credentials, HttpSettings.of(connectTimeout, requestTimeout, retry));
    }

    /**
     * @param serverUrl the server's base URL, e.g. {@code http://127.0.0.1:5001}
     * @param credentials how requests authenticate (usually none for a scoring server)
     * @param settings timeouts, retries and the size cap of an answer
     */
    public MlflowScoringServerProxy(URI serverUrl, HttpAuth credentials, HttpSettings settings) {
        super(transport(serverUrl, credentials, settings));
        this.requestTimeout = settings.requestTimeout();
    }

    private static HttpTransport transport(URI serverUrl, HttpAuth credentials, HttpSettings settings) {
        requireNonNull(serverUrl, "serverUrl is null");
        if (serverUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("scoring server URL must not carry credentials");
        }
        return MlflowErrors.transport("MLflow scoring server at " + serverUrl, serverUrl, credentials, settings);
    }

    /** @return how messages name the server */
    @Override
    public String serviceName() {
        return http().serviceName();
    }

    @Override
    protected Blob predict(Blob payload) {
        return post("/invocations", payload, ScoringPayloads.JSON);
    }

    @Override
    protected Blob metadata(Blob payload) {
        return Blob.ofUtf8("text/plain", version());
    }

    @Override
    protected String unsupportedReason() {
        return "an MLflow scoring server only predicts (an explainer is a model of its own; see"
                + " ExplainableTangoModel.explainer)";
    }

    /**
     * @return whether {@code /ping} answers 200 (the model is loaded); false when it answers otherwise or not at all
     */
    public boolean ping() {
        try {
            HttpRequest request = http().newRequest(http().uri("/ping", Map.of()), requestTimeout).GET().build();
            return http().send(request, HttpResponse.BodyHandlers.discarding(), false, requestTimeout).statusCode() == 200;
        } catch (RemoteServiceException | OperationTimeoutException e) {
            return false;
        }
    }

    /**
     * @return the MLflow version the server runs, from {@code /version}
     * @throws RemoteServiceException if the server failed or could not be reached
     */
    public String version() {
        HttpRequest request = http().newRequest(http().uri("/version", Map.of()), requestTimeout).GET().build();
        HttpResponse<byte[]> response = http().exchange(request, true, requestTimeout);
        if (response.statusCode() != 200) {
            throw http().error("GET /version", response.statusCode(), response.body());
        }
        return new String(response.body(), StandardCharsets.UTF_8).strip();
    }

    @Override
    public String toString() {
        return "MlflowScoringServerProxy[" + serverUrl() + "]";
    }
}
