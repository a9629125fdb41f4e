package io.tango.plugin.oip;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipServerMetadata;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls of the Open Inference Protocol to one server, over REST ({@link OipRestClient}) or gRPC. Every call ends
 * within the configured timeout ({@link OperationTimeoutException} otherwise) and fails with one typed error per kind
 * of answer, the same over both transports:
 * <ul>
 *   <li>an unknown model or version (HTTP 404, Triton's 400 "unknown model", KServe's 501 on versions, gRPC
 *       {@code NOT_FOUND}) → {@link ModelNotFoundException};</li>
 *   <li>a request the server refused (HTTP 400 {@code {"error"}}, 422 {@code {"detail"}}, gRPC
 *       {@code INVALID_ARGUMENT}) → {@link InvalidRequestException} with the server's message;</li>
 *   <li>a model or server that is not ready (HTTP 503, a 400 saying "not ready", gRPC {@code UNAVAILABLE}) and any
 *       other 429/5xx → retriable {@link RemoteServiceException};</li>
 *   <li>an answer that is not OIP (bad JSON, lying binary sizes, counts that disagree with shapes) → non-retriable
 *       {@link RemoteServiceException} saying what was wrong.</li>
 * </ul>
 * Thread-safe; {@link #close()} releases the connection (pool or channel).
 */
public interface OipClient extends AutoCloseable {
    /** @return the server's address: an http(s) base URL or {@code grpc://<host>:<port>} */
    URI server();

    /** @return how messages name the server: {@code OIP server at http://127.0.0.1:8000} */
    String service();

    /**
     * @return whether the server says it is live
     * @throws RemoteServiceException if it cannot be reached
     */
    boolean serverLive();

    /**
     * @return whether the server says it is ready (every model it serves is)
     * @throws RemoteServiceException if it cannot be reached
     */
    boolean serverReady();

    /**
     * @return the server's name, version and extensions
     * @throws RemoteServiceException if it cannot be reached or answers no server metadata
     */
    OipServerMetadata serverMetadata();

    /**
     * @param model the model's name
     * @param version the version; empty for the server's choice
     * @return the model's metadata, parsed and as the server sent it
     * @throws ModelNotFoundException if the server has no such model or version
     */
    OipModelDocument modelMetadata(String model, Optional<String> version);

    /**
     * @param model the model's name
     * @param version the version; empty for the server's choice
     * @return whether the model is ready for inference
     * @throws ModelNotFoundException if the server has no such model or version
     */
    boolean modelReady(String model, Optional<String> version);

    /**
     * @param model the model's name
     * @param version the version; empty for the server's choice
     * @param request the request
     * @return the response, its tensors decoded
     * @throws InvalidRequestException if the server refused the request, with its message
     * @throws ModelNotFoundException if the server has no such model or version
     */
    OipInferenceResponse infer(String model, Optional<String> version, OipInferenceRequest request);

    /**
     * The repository extension's index.
     *
     * @return one map per model the repository holds ({@code name}, and {@code version}, {@code state},
     *     {@code reason} as the server gives them)
     * @throws UnsupportedTangoOperationException if the server has no repository index
     */
    List<Map<String, Object>> repositoryIndex();

    /**
     * Loads a model through the repository extension.
     *
     * @param model the model's name
     * @throws ModelNotFoundException if the repository has no such model
     * @throws UnsupportedTangoOperationException if the server has no repository extension
     */
    void load(String model);

    /**
     * Unloads a model through the repository extension.
     *
     * @param model the model's name
     * @throws ModelNotFoundException if the repository has no such model
     * @throws UnsupportedTangoOperationException if the server has no repository extension
     */
    void unload(String model);

    /** Releases the connection; calls in flight fail. Idempotent. */
    @Override
    void close();
}
