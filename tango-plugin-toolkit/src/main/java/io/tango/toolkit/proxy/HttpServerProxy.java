package io.tango.toolkit.proxy;

import io.tango.api.Blob;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.HttpTransport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A {@link RequestDispatchingProxy} for a server reached over one {@link HttpTransport}, which it owns: its
 * {@link #serverUrl()} and {@link #serviceName()} are the transport's, {@link #close()} closes it, and
 * {@link #post}/{@link #get} make the calls every operation makes, each with the deadline
 * {@link HttpSettings#requestTimeout()}.
 *
 * <p>Thread-safe as far as the subclass's operations are (the transport is).
 */
public abstract class HttpServerProxy extends RequestDispatchingProxy {
    private final HttpTransport http;

    /**
     * @param http the transport to the server, owned by this proxy from now on
     * @throws NullPointerException if {@code http} is null
     */
    protected HttpServerProxy(HttpTransport http) {
        this.http = requireNonNull(http, "http is null");
    }

    /** @return the transport to the server */
    protected final HttpTransport http() {
        return http;
    }

    @Override
    public URI serverUrl() {
        return http.baseUri();
    }

    @Override
    protected String serviceName() {
        return http.serviceName();
    }

    /**
     * Posts {@code payload} once (a POST is not idempotent, so it is not retried).
     *
     * @param path the path below the server's base URL
     * @param payload the body, sent with its content type
     * @param defaultContentType the answer's content type when the server names none
     * @return the answer body, with its content type
     * @throws RemoteServiceException if the server answered other than 2xx or could not be reached
     * @throws OperationTimeoutException if it did not answer within the request timeout
     */
    protected final Blob post(String path, Blob payload, String defaultContentType) {
        HttpRequest request = request(path)
                .header("Content-Type", payload.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.bytes()))
                .build();
        return toBlob(exchange(request, false), defaultContentType);
    }

    /**
     * GETs {@code path}, retried per {@link HttpSettings#retry()}.
     *
     * @param path the path below the server's base URL
     * @return the 2xx answer
     * @throws RemoteServiceException if the server answered other than 2xx (after the retries) or could not be reached
     * @throws OperationTimeoutException if it did not answer within the request timeout
     */
    protected final HttpResponse<byte[]> get(String path) {
        return exchange(request(path).GET().build(), true);
    }

    /**
     * @param response an answer
     * @param defaultContentType its content type when it names none
     * @return its body with its content type
     */
    protected static Blob toBlob(HttpResponse<byte[]> response, String defaultContentType) {
        return Blob.of(response.headers().firstValue("Content-Type").orElse(defaultContentType), response.body());
    }

    private HttpRequest.Builder request(String path) {
        return http.newRequest(http.uri(path, Map.of()), http.settings().requestTimeout());
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, boolean idempotent) {
        Duration timeout = http.settings().requestTimeout();
        HttpResponse<byte[]> response = http.exchange(request, idempotent, timeout);
        if (response.statusCode() / 100 != 2) {
            throw http.error(HttpTransport.call(request), response.statusCode(), response.body());
        }
        return response;
    }

    /** Closes the transport; calls in flight fail. Idempotent. */
    @Override
    public void close() {
        http.close();
    }
}
