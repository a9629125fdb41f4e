package io.tango.toolkit.http;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP options every remote plugin's factories declare, with one set of names, defaults and ranges, and how a
 * component's config becomes {@link HttpSettings}. Every declaration and every read of them is in this class. Stateless.
 *
 * <p>The call timeout is {@code timeout}, as in every remote plugin.
 */
public final class HttpOptions {
    private static final Duration MILLISECOND = Duration.ofMillis(1);

    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOption.duration("connect_timeout")
            .withDefault(Duration.ofSeconds(10)).withMinimum(MILLISECOND)
            .withDescription("Longest wait for a connection to the server");
    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOption.duration("timeout")
            .withDefault(Duration.ofSeconds(30)).withMinimum(MILLISECOND)
            .withDescription("Longest one call may take: every attempt, the waits between them and the last byte of "
                    + "the answer");
    public static final ConfigOption<Integer> MAX_RETRIES = ConfigOption.integer("max_retries")
            .withDefault(3).withMinimum(0)
            .withDescription("Retries of idempotent calls after connection errors, HTTP 429, 500, 502, 503 and 504; "
                    + "0 disables them");
    public static final ConfigOption<Duration> RETRY_DELAY = ConfigOption.duration("retry_delay")
            .withDefault(Duration.ofMillis(200)).withMinimum(MILLISECOND)
            .withDescription("Wait before the first retry; doubled for each further retry");
    public static final ConfigOption<Duration> MAX_RETRY_DELAY = ConfigOption.duration("max_retry_delay")
            .withDefault(Duration.ofSeconds(5)).withMinimum(MILLISECOND)
            .withDescription("Longest wait between two retries; not shorter than retry_delay");
    public static final ConfigOption<Long> MAX_RESPONSE_SIZE = ConfigOption.size("max_response_size")
            .withDefault(HttpSettings.DEFAULT_MAX_RESPONSE_SIZE).withMinimum(1L)
            .withDescription("Most bytes one answer may have; a longer one fails the call");

    private HttpOptions() {}

    /** @return every HTTP option, for a factory's declared options */
    public static List<ConfigOption<?>> all() {
        return List.of(CONNECT_TIMEOUT, REQUEST_TIMEOUT, MAX_RETRIES, RETRY_DELAY, MAX_RETRY_DELAY, MAX_RESPONSE_SIZE);
    }

    /**
     * @param config a component's config, validated against {@link #all()}
     * @return its HTTP settings, each absent option at its default
     * @throws InvalidConfigException if {@code max_retry_delay} is shorter than {@code retry_delay} (the runtime has
     *     already refused values outside their declared ranges)
     */
    public static HttpSettings settings(TangoConfig config) {
        return new HttpSettings(connectTimeout(config), requestTimeout(config), retry(config),
                maxResponseSize(config));
    }

    /**
     * @param config a component's config
     * @return the connect timeout
     */
    public static Duration connectTimeout(TangoConfig config) {
        return config.get(CONNECT_TIMEOUT);
    }

    /**
     * @param config a component's config
     * @return the timeout of one whole call
     */
    public static Duration requestTimeout(TangoConfig config) {
        return config.get(REQUEST_TIMEOUT);
    }

    /**
     * @param config a component's config
     * @return the retry settings
     * @throws InvalidConfigException if {@code max_retry_delay} is shorter than {@code retry_delay}
     */
    public static RetrySettings retry(TangoConfig config) {
        Duration retryDelay = config.get(RETRY_DELAY);
        Duration maxRetryDelay = config.get(MAX_RETRY_DELAY);
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new InvalidConfigException(path(config, MAX_RETRY_DELAY),
                    "must not be shorter than retry_delay (" + RETRY_DELAY.format(retryDelay) + ")");
        }
        return new RetrySettings(config.get(MAX_RETRIES), retryDelay, maxRetryDelay);
    }

    /**
     * @param config a component's config
     * @return the size cap of an answer
     */
    public static long maxResponseSize(TangoConfig config) {
        return config.get(MAX_RESPONSE_SIZE);
    }

    private static String path(TangoConfig config, ConfigOption<?> option) {
        return config.path().isEmpty() ? option.key() : config.path() + "." + option.key();
    }
}
