package io.tango.bench.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One run of {@code wrk --latency}, read from its text output.
 *
 * @param requestsPerSecond the {@code Requests/sec} line
 * @param p99Millis the 99th percentile of the latency distribution, in milliseconds
 * @param requests the number of requests completed
 * @param errors non-2xx answers plus socket errors (connect, read, write, timeout)
 * @param p50Millis the median of the latency distribution, in milliseconds
 */
public record WrkRun(double requestsPerSecond, double p99Millis, long requests, long errors, double p50Millis) {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)\\b");
    private static final Pattern P50 = Pattern.compile("\\s50%\\s+([0-9.]+)(us|ms|s)\\b");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /**
     * @param output what {@code wrk --latency} printed
     * @return the run
     * @throws IllegalArgumentException if the output lacks the rate or the latency distribution
     */
    public static WrkRun parse(String output) {
        requireNonNull(output, "output is null");
        Matcher rate = RATE.matcher(output);
        Matcher p99 = P99.matcher(output);
        Matcher p50 = P50.matcher(output);
        Matcher requests = REQUESTS.matcher(output);
        if (!rate.find() || !p99.find() || !p50.find() || !requests.find()) {
            throw new IllegalArgumentException("not the output of wrk --latency:\n" + output);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET.matcher(output);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        return new WrkRun(Double.parseDouble(rate.group(1)), millis(p99), Long.parseLong(requests.group(1)), errors,
                millis(p50));
    }

    private static double millis(Matcher latency) {
        double value = Double.parseDouble(latency.group(1));
        return switch (latency.group(2).toLowerCase(Locale.ROOT)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
