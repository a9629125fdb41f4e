package io.tango.toolkit.oip;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.InvalidRequestException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The binary tensor data extension of OIP's REST API (Triton's and KServe's): a body that is a JSON inference request
 * or response followed by the raw data of the tensors marked with the parameter {@code binary_data_size}, in the
 * order the tensors appear; the JSON part's length travels in the HTTP header {@value #HEADER}. Raw data is
 * little-endian and row-major without padding; a BOOL element is one byte, 0 or 1; each BYTES element is its 4-byte
 * little-endian unsigned length followed by its bytes. FP16 and BF16 tensors are always written this way, since they
 * have no JSON form.
 *
 * <p>Reading checks every size against the body before allocating anything: a header length past the body, a
 * {@code binary_data_size} past the remaining bytes or unlike what the shape and datatype need, a BYTES length past
 * its tensor, and bytes that no tensor accounts for are each an {@link InvalidRequestException} naming the JSON path.
 * Stateless and thread-safe.
 */
public final class OipBinaryExtension {
    /** The HTTP header that gives the length of the JSON part of the body, in bytes. */
    public static final String HEADER = "Inference-Header-Content-Length";
    /** The content type of a body with binary data. */
    public static final String CONTENT_TYPE = "application/octet-stream";
    /** The content type of a body that is only JSON. */
    public static final String JSON_CONTENT_TYPE = "application/json";

    private OipBinaryExtension() {}

    /**
     * A body to send and the value of its {@value #HEADER} header.
     *
     * @param bytes the JSON part followed by the binary data
     * @param headerLength the length of the JSON part; equal to {@code bytes.length} when nothing went binary
     */
    public record Body(byte[] bytes, int headerLength) {
        /** @throws NullPointerException if {@code bytes} is null */
        public Body {
            requireNonNull(bytes, "bytes is null");
        }

        /** @return whether any tensor went binary, i.e. whether the header must be sent */
        public boolean hasBinaryData() {
            return headerLength < bytes.length;
        }

        /** @return {@value #CONTENT_TYPE} when there is binary data, else {@value #JSON_CONTENT_TYPE} */
        public String contentType() {
            return hasBinaryData() ? CONTENT_TYPE : JSON_CONTENT_TYPE;
        }
    }

    /**
     * @param body the request body
     * @param headerLength the value of the {@value #HEADER} header: the length of the JSON part
     * @return the request, its binary tensors decoded
     * @throws InvalidRequestException if the header length is negative or past the body, or naming the JSON path of
     *     the first problem in the JSON or the binary data
     * @throws NullPointerException if {@code body} is null
     */
    public static OipInferenceRequest readRequest(byte[] body, long headerLength) {
        return read(body, headerLength, "inference request header", OipJson::readRequest);
    }

    /**
     * @param request the request
     * @param binaryInputs which inputs to send as binary data; FP16 and BF16 inputs go binary whatever it says
     * @return the body and its header length
     * @throws NullPointerException if an argument is null
     */
    public static Body writeRequest(OipInferenceRequest request, Predicate<OipTensor> binaryInputs) {
        requireNonNull(request, "request is null");
        requireNonNull(binaryInputs, "binaryInputs is null");
        return write((binary, sink) -> OipJson.bytes(generator -> OipJson.writeRequest(generator, request, binary, sink)),
                binaryInputs);
    }

    /**
     * @param body the response body
     * @param headerLength the value of the {@value #HEADER} header: the length of the JSON part
     * @return the response, its binary tensors decoded
     * @throws InvalidRequestException if the header length is negative or past the body, or naming the JSON path of
     *     the first problem in the JSON or the binary data
     * @throws NullPointerException if {@code body} is null
     */
    public static OipInferenceResponse readResponse(byte[] body, long headerLength) {
        return read(body, headerLength, "inference response header", OipJson::readResponse);
    }

    /**
     * @param response the response
     * @param binaryOutputs which outputs to send as binary data, e.g. {@code output ->
     *     request.wantsBinary(output.name())}; FP16 and BF16 outputs go binary whatever it says
     * @return the body and its header length
     * @throws NullPointerException if an argument is null
     */
    public static Body writeResponse(OipInferenceResponse response, Predicate<OipTensor> binaryOutputs) {
        requireNonNull(response, "response is null");
        requireNonNull(binaryOutputs, "binaryOutputs is null");
        return write((binary, sink) -> OipJson.bytes(generator -> OipJson.writeResponse(generator, response, binary, sink)),
                binaryOutputs);
    }

    private static <T> T read(byte[] body, long headerLength, String what, BiFunction<JsonNode, ByteBuffer, T> reader) {
        requireNonNull(body, "body is null");
        int length = checkHeaderLength(body, headerLength);
        return reader.apply(OipJson.parse(body, 0, length, what), ByteBuffer.wrap(body, length, body.length - length).slice());
    }

    private static Body write(BiFunction<Predicate<OipTensor>, ByteArrayOutputStream, byte[]> writer,
            Predicate<OipTensor> chosen) {
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        byte[] json = writer.apply(tensor -> !tensor.datatype().isJsonAllowed() || chosen.test(tensor), binary);
        if (binary.size() == 0) {
            return new Body(json, json.length);
        }
        byte[] bytes = new byte[Math.addExact(json.length, binary.size())];
        System.arraycopy(json, 0, bytes, 0, json.length);
        System.arraycopy(binary.toByteArray(), 0, bytes, json.length, binary.size());
        return new Body(bytes, json.length);
    }

    private static int checkHeaderLength(byte[] body, long headerLength) {
        if (headerLength < 0 || headerLength > body.length) {
            throw new InvalidRequestException(HEADER + " is " + headerLength + " but the body has " + body.length
                    + " bytes; it must be between 0 and the body's length");
        }
        return (int) headerLength;
    }
}
