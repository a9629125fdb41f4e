package io.tango.toolkit.http;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;
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
    public static final ConfigOption CONNECT_TIMEOUT = ConfigOption.of("connect_timeout", OptionType.DURATION)
            .withDefault("10s").withDescription("Longest wait for a connection to the server");
    public static final ConfigOption REQUEST_TIMEOUT = ConfigOption.of("timeout", OptionType.DURATION)
            .withDefault("30s").withDescription("Longest one call may take: every attempt, the waits between them "
                    + "and the last byte of the answer");
    public static final ConfigOption MAX_RETRIES = ConfigOption.of("max_retries", OptionType.INT)
            .withDefault("3")
            .withDescription("Retries of idempotent calls after connection errors, HTTP 429, 500, 502, 503 and 504; "
                    + "0 disables them");
    public static final ConfigOption RETRY_DELAY = ConfigOption.of("retry_delay", OptionType.DURATION)
            .withDefault("200ms").withDescription("Wait before the first retry; doubled for each further retry");
    public static final ConfigOption MAX_RETRY_DELAY = ConfigOption.of("max_retry_delay", OptionType.DURATION)
            .withDefault("5s").withDescription("Longest wait between two retries");
    public static final ConfigOption MAX_RESPONSE_SIZE = ConfigOption.of("max_response_size", OptionType.SIZE)
            .withDefault("64MiB").withDescription("Most bytes one answer may have; a longer one fails the call");

    private HttpOptions() {}

    /** @return every HTTP option, for a factory's declared options */
    public static List<ConfigOption> all() {
        return List.of(CONNECT_TIMEOUT, REQUEST_TIMEOUT, MAX_RETRIES, RETRY_DELAY, MAX_RETRY_DELAY, MAX_RESPONSE_SIZE);
    }

    /**
     * @param config a component's config
     * @return its HTTP settings, each absent option at its default
     * @throws InvalidConfigException if a timeout or delay is not positive, {@code max_retries} is negative,
     *     {@code max_retry_delay} is shorter than {@code retry_delay} or {@code max_response_size} is not positive
     */
    public static HttpSettings settings(TangoConfig config) {
        return new HttpSettings(connectTimeout(config), requestTimeout(config), retry(config),
                maxResponseSize(config));
    }

    /**
     * @param config a component's config
     * @return the connect timeout, checked
     */
    public static Duration connectTimeout(TangoConfig config) {
        return positive(config, CONNECT_TIMEOUT, Duration.ofSeconds(10));
    }

    /**
     * @param config a component's config
     * @return the request timeout, checked
     */
    public static Duration requestTimeout(TangoConfig config) {
        return positive(config, REQUEST_TIMEOUT, Duration.ofSeconds(30));
    }

    /**
     * @param config a component's config
     * @return the retry settings, checked
     */
    public static RetrySettings retry(TangoConfig config) {
        int maxRetries = config.getInt(MAX_RETRIES.key(), 3);
        if (maxRetries < 0) {
            throw new InvalidConfigException(path(config, MAX_RETRIES), "must be 0 or more, got " + maxRetries);
        }
        Duration retryDelay = positive(config, RETRY_DELAY, Duration.ofMillis(200));
        Duration maxRetryDelay = positive(config, MAX_RETRY_DELAY, Duration.ofSeconds(5));
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new InvalidConfigException(path(config, MAX_RETRY_DELAY),
                    "must not be shorter than retry_delay (" + retryDelay + ")");
        }
        return new RetrySettings(maxRetries, retryDelay, maxRetryDelay);
    }

    /**
     * @param config a component's config
     * @return the size cap of an answer, checked
     */
    public static long maxResponseSize(TangoConfig config) {
        long bytes = config.getSize(MAX_RESPONSE_SIZE.key(), HttpSettings.DEFAULT_MAX_RESPONSE_SIZE);
        if (bytes <= 0) {
            throw new InvalidConfigException(path(config, MAX_RESPONSE_SIZE), "must be positive, got " + bytes);
        }
        return bytes;
    }

    private static Duration positive(TangoConfig config, ConfigOption option, Duration fallback) {
        Duration value = config.getDuration(option.key(), fallback);
        if (value.isNegative() || value.isZero()) {
            throw new InvalidConfigException(path(config, option), "must be positive, got " + value);
        }
        return value;
    }

    private static String path(TangoConfig config, ConfigOption option) {
        return config.path().isEmpty() ? option.key() : config.path() + "." + option.key();
    }
}
