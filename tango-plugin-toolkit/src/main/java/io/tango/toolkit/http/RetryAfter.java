package io.tango.toolkit.http;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the {@code Retry-After} header of a 429 or 503 answer: delay-seconds or an HTTP date. Stateless. */
public final class RetryAfter {
    private RetryAfter() {}

    /**
     * @param response an answer
     * @return how long it asks to wait before the next attempt (zero for a date in the past); empty for another status,
     *     no header or one that is neither a number of seconds nor an HTTP date
     */
    public static Optional<Duration> of(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status != 429 && status != 503) {
            return Optional.empty();
        }
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(RetryAfter::parse);
    }

    /**
     * @param text a {@code Retry-After} value
     * @return the delay it asks for, if it is one
     */
    public static Optional<Duration> parse(String text) {
        if (!text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(),
                    ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
