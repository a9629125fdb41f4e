package io.tango.plugin.deepaas.client;

import io.tango.api.Blob;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One HTTP answer of a DEEPaaS server, whatever its status.
 *
 * @param uri the URI that answered
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header, {@code application/octet-stream} when absent
 * @param location the {@code Location} header, empty when absent
 * @param body the body, as received
 * @param retryAfterHeader the {@code Retry-After} header, empty when absent
 */
public record HttpAnswer(URI uri, int status, String contentType, String location, byte[] body, String retryAfterHeader) {

    public HttpAnswer {
        requireNonNull(uri, "uri is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(location, "location is null");
        requireNonNull(body, "body is null");
        requireNonNull(retryAfterHeader, "retryAfterHeader is null");
    }

    /** An answer without a {@code Retry-After} header. */
    public HttpAnswer(URI uri, int status, String contentType, String location, byte[] body) {
        this(uri, status, contentType, location, body, "");
    }

    /**
     * @return the pause a 429 or 503 asks for in {@code Retry-After} (delay-seconds, or an HTTP date), if it asks for
     *     one that can be read
     */
    public Optional<Duration> retryAfter() {
        if (status != 429 && status != 503) {
            return Optional.empty();
        }
        String value = retryAfterHeader.strip();
        if (!value.isEmpty() && value.length() <= 9 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
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

    /**
     * @param text any text
     * @return it as one line of at most 500 characters
     */
    static String forMessage(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= 500 ? line : line.substring(0, 500) + "…";
    }

    @Override
    public String toString() {
        return "HttpAnswer[" + status + " " + contentType + ", " + body.length + " bytes from " + uri + "]";
    }
}
