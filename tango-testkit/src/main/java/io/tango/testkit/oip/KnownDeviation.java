package io.tango.testkit.oip;

/**
 * A named way in which a real server departs from the Open Inference Protocol as {@link OipConformanceTest} checks
 * it. A subclass of the kit declares its server's deviations; for each one declared, the kit asserts the deviant
 * behaviour exactly as it was observed (so a fixed server fails the test and the deviation is removed), and for each
 * one not declared, the strict check. Observed live on Triton 2.51 (PyTriton 0.7.0), KServe 0.21.0 and MLServer 1.7.1.
 */
public enum KnownDeviation {

    /** Model ready of an unknown model answers 400 {@code {"error": "Model version not ready"}}, not 404 (Triton). */
    UNKNOWN_MODEL_READY_IS_400,

    /**
     * The server has no model versions: every {@code /versions/{v}} path answers 501
     * {@code {"error": "Model versioning not supported yet."}} and model metadata says {@code "versions": null}; over
     * gRPC the version is ignored (metadata with one answers the model's, with no versions) (KServe).
     */
    NO_MODEL_VERSIONS,

    /** Model metadata lists {@code "versions": []} although the model is served under a version (MLServer). */
    METADATA_VERSIONS_EMPTY,

    /** A response to a request without an id still has a (generated, non-empty) id (KServe, MLServer). */
    RESPONSE_ID_ALWAYS_PRESENT,

    /** Absent response fields are sent as JSON {@code null} ({@code model_version}, {@code parameters}) (KServe). */
    NULL_FIELDS,

    /**
     * The binary tensor data extension works both ways but {@code /v2} does not list {@code binary_tensor_data}
     * (KServe lists only {@code model_repository_extension}).
     */
    BINARY_DATA_NOT_ADVERTISED,

    /** A binary answer has no {@code Content-Type} header at all, not {@code application/octet-stream} (KServe). */
    BINARY_ANSWER_WITHOUT_CONTENT_TYPE,

    /**
     * No binary tensor data extension: {@code /v2} does not list it, and a binary request answers 422
     * {@code {"detail": [{"type": "model_attributes_type", ...}]}} (the body is read as one JSON string) (MLServer).
     */
    NO_BINARY_TENSOR_DATA,

    /** A body that is not JSON answers 500 {@code {"error": ...}} rather than 400 (Triton). */
    MALFORMED_JSON_IS_500,

    /**
     * A body that is not JSON answers FastAPI's 422 {@code {"detail": [{"type": "json_invalid", ...}]}} (KServe,
     * MLServer).
     */
    MALFORMED_JSON_IS_422,

    /**
     * An unknown datatype answers FastAPI's 422 {@code {"detail": [{"type": "enum", ...}]}} rather than 400
     * {@code {"error": ...}} (MLServer).
     */
    UNKNOWN_DATATYPE_IS_422,

    /**
     * Data whose element count disagrees with the shape answers 500 {@code {"error": ...}}, not 400 (Triton, KServe).
     */
    DATA_COUNT_MISMATCH_IS_500,

    /** Data whose element count disagrees with the shape is passed to the model unchecked (MLServer). */
    DATA_COUNT_NOT_CHECKED,

    /**
     * Inputs are not checked against the model's metadata: an unknown input name or a datatype other than the
     * declared one reaches the model, and the identity model echoes it (KServe, MLServer; TANGO's server, which leaves
     * the check to the model's engine).
     */
    INPUTS_NOT_CHECKED_AGAINST_METADATA,

    /** The repository index answers 200 with an empty list although models are served (PyTriton's Triton). */
    REPOSITORY_INDEX_EMPTY,

    /**
     * There is no repository index: {@code POST /v2/repository/index} answers 404 {@code {"detail": "Not Found"}}
     * (KServe).
     */
    NO_REPOSITORY_INDEX,

    /**
     * A repository load of an unknown model answers 500 {@code {"error": "failed to load 'x', failed to poll from model
     * repository"}} (PyTriton's Triton).
     */
    REPOSITORY_UNKNOWN_LOAD_IS_500,

    /**
     * A repository load of an unknown model answers 503 {@code {"error": "Model with name x is not ready."}} (KServe).
     */
    REPOSITORY_UNKNOWN_LOAD_IS_503,

    /** A repository unload of an unknown model answers 200 with an empty body (Triton). */
    REPOSITORY_UNKNOWN_UNLOAD_IS_200,

    /** gRPC: an unknown datatype fails with {@code INTERNAL}, not {@code INVALID_ARGUMENT} (MLServer). */
    GRPC_UNKNOWN_DATATYPE_IS_INTERNAL
}
