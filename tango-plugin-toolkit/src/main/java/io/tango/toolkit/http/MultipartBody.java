package io.tango.toolkit.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * A {@code multipart/form-data} body (RFC 7578): text fields and files, in the order added. Build one with
 * {@link #builder()}; the body is immutable and may be sent any number of times (a retried call resends it whole).
 *
 * @param contentType the {@code Content-Type} header value, with the boundary
 * @param bytes the encoded body
 */
public record MultipartBody(String contentType, byte[] bytes) {
    public MultipartBody {
        requireNonNull(contentType, "contentType is null");
        bytes = requireNonNull(bytes, "bytes is null").clone();
    }

    /** @return the body, for {@link HttpRequest.Builder#POST} */
    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.ofByteArray(bytes);
    }

    /** @return a copy of the encoded body */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return a builder with a random boundary */
    public static Builder builder() {
        return new Builder("tango-" + UUID.randomUUID());
    }

    @Override
    public String toString() {
        return "MultipartBody[" + contentType + ", " + bytes.length + " bytes]";
    }

    /** Collects the parts of a body. Not thread-safe. */
    public static final class Builder {
        private final String boundary;
        private final List<byte[]> parts = new ArrayList<>();

        private Builder(String boundary) {
            this.boundary = boundary;
        }

        /**
         * @param name the field's name
         * @param value its value, sent as UTF-8 text
         * @return this builder
         */
        public Builder text(String name, String value) {
            requireNonNull(value, "value is null");
            return part(name, null, "text/plain; charset=UTF-8", value.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param name the field's name
         * @param fileName the file name the server sees
         * @param contentType the file's content type
         * @param content the file's bytes
         * @return this builder
         */
        public Builder file(String name, String fileName, String contentType, byte[] content) {
            return part(name, requireNonNull(fileName, "fileName is null"),
                    requireNonNull(contentType, "contentType is null"), requireNonNull(content, "content is null"));
        }

        private Builder part(String name, String fileName, String contentType, byte[] content) {
            requireNonNull(name, "name is null");
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(quoted(name)).append('"');
            if (fileName != null) {
                head.append("; filename=\"").append(quoted(fileName)).append('"');
            }
            head.append("\r\nContent-Type: ").append(contentType).append("\r\n\r\n");
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            part.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            part.writeBytes(content);
            part.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            parts.add(part.toByteArray());
            return this;
        }

        /** Quotes as browsers do (RFC 7578 §4.2): {@code "}, CR and LF percent-encoded. */
        private static String quoted(String text) {
            return text.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
        }

        /** @return the body */
        public MultipartBody build() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            parts.forEach(body::writeBytes);
            body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return new MultipartBody("multipart/form-data; boundary=" + boundary, body.toByteArray());
        }
    }
}
