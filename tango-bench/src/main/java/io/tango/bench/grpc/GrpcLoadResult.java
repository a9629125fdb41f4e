package io.tango.bench.grpc;

import java.util.Locale;

/**
 * What a timed window of {@link GrpcLoad} saw. Only calls sent after the warm-up and answered correctly within the
 * window are counted and timed.
 *
 * @param concurrency calls in flight at once
 * @param seconds the timed window
 * @param calls correct answers within the window
 * @param inferPerSecond {@code calls / seconds}
 * @param p50Millis the median latency of those calls, in milliseconds (NaN when none)
 * @param p99Millis their 99th percentile, in milliseconds (NaN when none)
 * @param errors failed calls (warm-up and the first, checking call included)
 * @param wrong answers that were not the model's (warm-up included)
 * @param firstProblem the first failure or wrong answer, or null
 */
public record GrpcLoadResult(int concurrency, double seconds, long calls, double inferPerSecond, double p50Millis,
        double p99Millis, long errors, long wrong, String firstProblem) {

    /** @return one JSON object on one line, what {@code bench/run.sh} keeps and the report reads */
    public String json() {
        return String.format(Locale.ROOT, "{\"concurrency\": %d, \"seconds\": %.3f, \"calls\": %d, \"infer_per_second\": %.1f,"
                        + " \"p50_ms\": %.4f, \"p99_ms\": %.4f, \"errors\": %d, \"wrong\": %d, \"first_problem\": %s}",
                concurrency, seconds, calls, inferPerSecond, finite(p50Millis), finite(p99Millis), errors, wrong,
                firstProblem == null ? "null" : quote(firstProblem));
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : -1;
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> quoted.append(c < 0x20 ? ' ' : c);
            }
        }
        return quoted.append('"').toString();
    }
}
