package io.tango.plugin.oip;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipRequestedOutput;
import io.tango.toolkit.oip.OipTensor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * A model served by an OIP server, run over REST or gRPC.
 *
 * <p>{@link #mapRequest} builds the inference request and checks it against the model's metadata (see
 * {@link OipRequestMapper}: names, datatypes, shapes, requested outputs; every problem in one
 * {@link InvalidRequestException}). {@link #invoke} sends it; an answer that lacks a requested output is a
 * {@link RemoteServiceException} (the codec refuses one that names an output twice). {@link #mapResponse} gives one output per tensor, by name, as
 * {@link io.tango.api.Tensor}s, with {@code model_name}, {@code model_version}, {@code id} and {@code parameters} in
 * the metadata as far as the server sent them.
 *
 * <p>Thread-safe. {@link #close()} only marks the model closed: the client belongs to the component that made it.
 */
public final class OipModel implements TangoModel<OipInferenceRequest, OipInferenceResponse> {
    private final ModelDescriptor descriptor;
    private final OipClient client;
    private final String model;
    private final Optional<String> version;
    private final OipRequestMapper mapper;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param descriptor what the model is; its signature is what requests are checked against
     * @param client its server
     * @param model its name on the server
     * @param version the version to call; empty for the server's choice
     * @param check whether to check requests against the signature before sending
     */
    public OipModel(ModelDescriptor descriptor, OipClient client, String model, Optional<String> version, boolean check) {
        this.descriptor = requireNonNull(descriptor, "descriptor is null");
        this.client = requireNonNull(client, "client is null");
        this.model = requireNonNull(model, "model is null");
        this.version = requireNonNull(version, "version is null");
        this.mapper = new OipRequestMapper(OipErrors.subject(model, version) + " on " + client.service(),
                descriptor.signature(), check);
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** @return the model's name on its server */
    public String model() {
        return model;
    }

    /** @return the version called, if one is pinned */
    public Optional<String> version() {
        return version;
    }

    @Override
    public OipInferenceRequest mapRequest(TangoRequest request, WorkingSession session) {
        requireNonNull(request, "request is null");
        requireNonNull(session, "session is null");
        checkOpen();
        return mapper.map(request);
    }

    @Override
    public OipInferenceResponse invoke(OipInferenceRequest nativeRequest) {
        requireNonNull(nativeRequest, "nativeRequest is null");
        checkOpen();
        OipInferenceResponse response = client.infer(model, version, nativeRequest);
        List<String> names = response.outputs().stream().map(OipTensor::name).toList();
        for (OipRequestedOutput asked : nativeRequest.outputs()) {
            if (!names.contains(asked.name())) {
                throw badAnswer("requested output '" + asked.name() + "' is missing (it sent " + names + ")");
            }
        }
        return response;
    }

    private RemoteServiceException badAnswer(String problem) {
        return new RemoteServiceException(client.service(), null, null, false, "the inference response of "
                + OipErrors.subject(model, version) + " is not usable: " + problem);
    }

    @Override
    public TangoResponse mapResponse(OipInferenceResponse nativeResponse) {
        requireNonNull(nativeResponse, "nativeResponse is null");
        return nativeResponse.toTangoResponse();
    }

    /** Marks the model closed. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(OipErrors.subject(model, version) + " on " + client.service() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "OipModel[" + OipErrors.subject(model, version) + " at " + client.server() + "]";
    }
}
