package io.tango.plugin.deepaas.client;

import io.tango.api.Blob;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One HTTP answer of a DEEPaaS server, whatever its status.
 *
 * @param uri the URI that answered
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header, {@code application/octet-stream} when absent
 * @param location the {@code Location} header, empty when absent
 * @param body the body, as received
 */
public record HttpAnswer(URI uri, int status, String contentType, String location, byte[] body) {

    public HttpAnswer {
        requireNonNull(uri, "uri is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(location, "location is null");
        requireNonNull(body, "body is null");
    }

    /** @return whether the status is 2xx */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** @return whether the body is JSON, judged by its content type */
    public boolean isJson() {
        String type = mediaType();
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** @return the content type without parameters, lower case (e.g. {@code application/json}) */
    public String mediaType() {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** @return the body decoded as UTF-8 */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the body as a blob of the answer's media type */
    public Blob toBlob() {
        return Blob.of(mediaType(), body);
    }

    /** @return the body as one line of at most 500 characters, for error messages */
    public String textForMessage() {
        String text = text().replaceAll("\\s+", " ").trim();
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    @Override
    public String toString() {
        return "HttpAnswer[" + status + " " + contentType + ", " + body.length + " bytes from " + uri + "]";
    }
}
