package io.tango.testkit.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * How a {@link FaultyHttpServer} answers one request: properly, or in one of the ways real servers misbehave.
 */
public sealed interface Fault {

    /**
     * A complete HTTP answer.
     *
     * @param status the status code
     * @param contentType the Content-Type header
     * @param body the body
     * @param headers further headers
     */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) implements Fault {
        public Answer {
            requireNonNull(contentType, "contentType is null");
            body = requireNonNull(body, "body is null").clone();
            headers = Map.copyOf(requireNonNull(headers, "headers is null"));
        }
    }

    /** Sends the status line, the headers and half the body, then closes the connection. */
    record CloseMidResponse(String contentType, byte[] body) implements Fault {
        public CloseMidResponse {
            requireNonNull(contentType, "contentType is null");
            body = requireNonNull(body, "body is null").clone();
        }
    }

    /** Reads the request and never answers; the connection stays open until the client gives up or the server stops. */
    record NeverAnswer() implements Fault {}

    /** Closes the connection as soon as the request is read, without a byte of answer. */
    record Reset() implements Fault {}

    /**
     * Sends a complete answer one byte at a time, waiting between bytes.
     *
     * @param answer the answer to drip
     * @param pause the pause between bytes
     */
    record SlowDrip(Answer answer, Duration pause) implements Fault {
        public SlowDrip {
            requireNonNull(answer, "answer is null");
            requireNonNull(pause, "pause is null");
        }
    }

    /** @return a 200 JSON answer */
    static Answer json(String json) {
        return json(200, json);
    }

    /** @return a JSON answer with a status */
    static Answer json(int status, String json) {
        return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** @return an answer of any content type */
    static Answer answer(int status, String contentType, String body) {
        return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** @return a 503 with a JSON error body */
    static Answer serverError() {
        return json(503, "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"try again\"}");
    }

    /** @return a 429 asking to retry after {@code seconds} */
    static Answer tooManyRequests(int seconds) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Retry-After", String.valueOf(seconds));
        return new Answer(429, "application/json",
                "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}".getBytes(StandardCharsets.UTF_8), headers);
    }

    /** @return a 200 whose JSON body is cut off in the middle */
    static Answer truncatedJson() {
        return json("{\"predictions\": [1.0, 2.0, ");
    }

    /** @return a 200 HTML page where JSON was expected */
    static Answer wrongContentType() {
        return answer(200, "text/html", "<html><body>Welcome to nginx!</body></html>");
    }

    /** @return a connection closed after half the body */
    static CloseMidResponse closeMidResponse() {
        return new CloseMidResponse("application/json",
                "{\"predictions\": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]}".getBytes(StandardCharsets.UTF_8));
    }

    /** @return a request that is never answered */
    static NeverAnswer neverAnswer() {
        return new NeverAnswer();
    }

    /** @return a connection closed before any answer */
    static Reset reset() {
        return new Reset();
    }

    /** @return an answer dripped one byte per {@code pause} */
    static SlowDrip slowDrip(Answer answer, Duration pause) {
        return new SlowDrip(answer, pause);
    }

    /**
     * One of each misbehaviour, after the proper answer: the list a {@link FaultCampaign} draws from, so that faulted
     * calls meet each kind about as often as a proper answer.
     *
     * @param proper the proper answer, first in the list; a slow drip of it is one of the faults
     * @return the proper answer, 5xx, an HTML 502, 429, a cut answer, a reset, truncated JSON, a wrong content type,
     *     silence, and a slow drip
     */
    static List<Fault> everyKind(Answer proper) {
        requireNonNull(proper, "proper is null");
        return List.of(
                proper,
                serverError(),
                json(502, "<html>Bad Gateway</html>"),
                tooManyRequests(0),
                closeMidResponse(),
                reset(),
                truncatedJson(),
                wrongContentType(),
                neverAnswer(),
                slowDrip(proper, Duration.ofMillis(20)));
    }

    /**
     * The faults a call that does not read its answer (an artifact's bytes, a raw prediction) cannot tell from a proper
     * answer: complete 200 answers with a wrong body, such as truncated JSON or an HTML page.
     *
     * @param faults faults, the proper answer first (as {@link #everyKind} lists them)
     * @return the bodies, as UTF-8 text, of the 200 answers after the first
     */
    static List<String> okBodies(List<Fault> faults) {
        requireNonNull(faults, "faults is null");
        return faults.stream().skip(1)
                .filter(fault -> fault instanceof Answer answer && answer.status() == 200)
                .map(fault -> new String(((Answer) fault).body(), StandardCharsets.UTF_8))
                .distinct()
                .toList();
    }
}
