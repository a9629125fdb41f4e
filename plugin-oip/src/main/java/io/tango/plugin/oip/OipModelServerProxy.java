package io.tango.plugin.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.toolkit.oip.OipBinaryExtension;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipJson;
import io.tango.toolkit.proxy.RequestDispatchingProxy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An OIP server as a TANGO model server: sends payloads to one of its models, over REST or gRPC.
 *
 * <ul>
 *   <li>{@code PREDICT} over REST: the payload is sent as it is to {@code POST /v2/models/<model>[/versions/<v>]/infer}
 *       and the answer returned as it is; a binary-extension body carries its header length as the content-type
 *       parameter {@code inference-header-content-length=<n>}, both ways. Every answer other than 2xx is a
 *       {@link io.tango.api.RemoteServiceException} with the server's status and message (retriable for 429 and 5xx
 *       but 501), as a proxy reports what its server said.</li>
 *   <li>{@code PREDICT} over gRPC: the payload is an OIP inference request in JSON; it is read (a malformed one is an
 *       {@link InvalidRequestException} naming the JSON path), sent with {@link OipClient#infer} and the response
 *       comes back as OIP JSON (with the binary extension, as above, when an output is FP16 or BF16); the server's
 *       errors are those of {@link OipClient}.</li>
 *   <li>{@code METADATA}: the model's metadata document as the server sent it (the payload is ignored).</li>
 *   <li>{@code TRAIN}, {@code EXPLAIN}: OIP has neither.</li>
 * </ul>
 * Errors are those of {@link OipClient}. Thread-safe; {@link #close()} closes its client.
 */
public final class OipModelServerProxy extends RequestDispatchingProxy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String instanceName;
    private final OipServers servers;
    private final OipClient client;
    private final String model;
    private final Optional<String> version;

    /**
     * @param instanceName the instance's name in config
     * @param server the server's address
     * @param model the model to invoke
     * @param version its version; empty for the server's choice
     * @param servers the clients, owned by this proxy from now on
     */
    public OipModelServerProxy(String instanceName, URI server, String model, Optional<String> version, OipServers servers) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.client = servers.client(requireNonNull(server, "server is null"));
        this.model = requireNonNull(model, "model is null");
        this.version = requireNonNull(version, "version is null");
    }

    @Override
    public URI serverUrl() {
        return client.server();
    }

    @Override
    protected Blob predict(Blob payload) {
        if (client instanceof OipRestClient restClient) {
            return restClient.forward(model, version, payload);
        }
        String mediaType = payload.contentType().toLowerCase(Locale.ROOT);
        if (!(mediaType.startsWith("application/json") || mediaType.contains("+json"))) {
            throw new InvalidRequestException(serviceName() + " takes OIP inference requests as application/json,"
                    + " not " + payload.contentType());
        }
        OipInferenceRequest request = OipJson.readRequest(payload.bytes());
        OipInferenceResponse response = client.infer(model, version, request);
        OipBinaryExtension.Body body = OipBinaryExtension.writeResponse(response, output -> false);
        if (body.hasBinaryData()) {
            return Blob.of(OipBinaryExtension.CONTENT_TYPE + "; " + OipRestClient.HEADER_PARAMETER + "="
                    + body.headerLength(), body.bytes());
        }
        return Blob.of(OipBinaryExtension.JSON_CONTENT_TYPE, body.bytes());
    }

    @Override
    protected Blob metadata(Blob payload) {
        try {
            return Blob.of(OipBinaryExtension.JSON_CONTENT_TYPE,
                    JSON.writeValueAsBytes(client.modelMetadata(model, version).nativeMetadata()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String serviceName() {
        return "model server '" + instanceName + "' (" + client.service() + ", " + OipErrors.subject(model, version) + ")";
    }

    @Override
    protected String unsupportedReason() {
        return "the Open Inference Protocol has inference and metadata only";
    }

    /** @return the model this proxy invokes */
    public String model() {
        return model;
    }

    @Override
    public void close() {
        servers.close();
    }

    @Override
    public String toString() {
        return "OipModelServerProxy[" + instanceName + ", " + client.server() + ", " + OipErrors.subject(model, version) + "]";
    }
}
