package io.tango.plugin.deepaas;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;
import io.tango.api.config.TangoConfig;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasClientSettings;
import io.tango.plugin.deepaas.client.DeepaasCredentials;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The config options the plugin's factories share, and their parsing. Stateless. */
final class DeepaasOptions {
    static final String BASE_URL = "base_url";
    static final String TIMEOUT = "timeout";
    static final String CONNECT_TIMEOUT = "connect_timeout";
    static final String MAX_RETRIES = "max_retries";
    static final String RETRY_DELAY = "retry_delay";
    static final String MAX_RETRY_DELAY = "max_retry_delay";
    static final String MAX_RESPONSE_SIZE = "max_response_size";
    static final String TOKEN = "token";
    static final String CLIENT_SIDE_VALIDATION = "client_side_validation";

    private DeepaasOptions() {}

    /** @return the base URL option, optional: keys {@code deepaas:/<model>} resolve against it */
    static ConfigOption optionalBaseUrl() {
        return ConfigOption.of(BASE_URL, OptionType.STRING).withDescription(
                "Base URL of a DEEPaaS server, with its --base-path if any (e.g. http://127.0.0.1:5000); keys"
                        + " deepaas:/<model> resolve against it, keys deepaas://<host>:<port>/<model> name their own"
                        + " server");
    }

    /**
     * @param what what the server is for, e.g. {@code the server whose models this trainer trains}
     * @return the base URL option, required
     */
    static ConfigOption requiredBaseUrl(String what) {
        return ConfigOption.of(BASE_URL, OptionType.STRING).asRequired().withDescription(
                "Base URL of " + what + ", with its --base-path if any (e.g. http://127.0.0.1:5000)");
    }

    /** @return the HTTP options every component has */
    static List<ConfigOption> httpOptions() {
        return List.of(
                ConfigOption.of(TIMEOUT, OptionType.DURATION).withDefault("30s")
                        .withDescription("Timeout of every HTTP call to a DEEPaaS server, from sending to the last"
                                + " byte of the answer"),
                ConfigOption.of(CONNECT_TIMEOUT, OptionType.DURATION).withDefault("5s")
                        .withDescription("Timeout of opening a connection to a DEEPaaS server"),
                ConfigOption.of(MAX_RETRIES, OptionType.INT).withDefault("2")
                        .withDescription("How often an idempotent GET is retried after a connection failure or a 5xx"
                                + " answer; predictions, trainings and cancellations are never retried"),
                ConfigOption.of(RETRY_DELAY, OptionType.DURATION).withDefault("200ms")
                        .withDescription("Pause before the first retry of a GET; each further pause doubles, up to"
                                + " max_retry_delay, varied randomly by up to 20% (jitter)"),
                ConfigOption.of(MAX_RETRY_DELAY, OptionType.DURATION).withDefault("5s")
                        .withDescription("Longest pause between two attempts of a GET (a 429's Retry-After is waited"
                                + " on whole when it ends before the timeout, else the 429 is reported at once)"),
                ConfigOption.of(MAX_RESPONSE_SIZE, OptionType.SIZE).withDefault("64MiB")
                        .withDescription("Largest answer body read from a DEEPaaS server; a larger answer is refused"
                                + " with a RemoteServiceException"),
                ConfigOption.of(TOKEN, OptionType.STRING).asSecret()
                        .withDescription("Bearer token for a DEEPaaS server behind an authenticating gateway, sent as"
                                + " 'Authorization: Bearer <token>' to the server of base_url only (required with it)"));
    }

    /** @return the base URL option of a component that otherwise reads its servers from descriptors */
    static ConfigOption tokenServerBaseUrl() {
        return ConfigOption.of(BASE_URL, OptionType.STRING).withDescription(
                "Base URL of the DEEPaaS server a configured token is sent to (e.g. https://deepaas.example.org);"
                        + " models on other servers are called without it");
    }

    /** @return the option that turns client-side argument checks off */
    static ConfigOption clientSideValidation() {
        return ConfigOption.of(CLIENT_SIDE_VALIDATION, OptionType.BOOLEAN).withDefault("true")
                .withDescription("Check arguments against the model's OpenAPI description before sending (names,"
                        + " types, required arguments, choices, ranges); when false, the server validates them and"
                        + " its 422 answer becomes an InvalidRequestException with its messages");
    }

    /**
     * @param config a validated config
     * @return its HTTP settings
     * @throws InvalidConfigException if a duration is not positive or the retry count is negative
     */
    static DeepaasClientSettings settings(TangoConfig config) {
        Duration timeout = positive(config, TIMEOUT, config.getDuration(TIMEOUT, Duration.ofSeconds(30)));
        Duration connectTimeout = positive(config, CONNECT_TIMEOUT, config.getDuration(CONNECT_TIMEOUT, Duration.ofSeconds(5)));
        int maxRetries = config.getInt(MAX_RETRIES, 2);
        if (maxRetries < 0) {
            throw new InvalidConfigException(path(config, MAX_RETRIES), "must be 0 or more, got " + maxRetries);
        }
        Duration retryDelay = config.getDuration(RETRY_DELAY, Duration.ofMillis(200));
        if (retryDelay.isNegative()) {
            throw new InvalidConfigException(path(config, RETRY_DELAY), "must not be negative, got " + retryDelay);
        }
        Duration maxRetryDelay = config.getDuration(MAX_RETRY_DELAY, Duration.ofSeconds(5));
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new InvalidConfigException(path(config, MAX_RETRY_DELAY), "must be at least retry_delay ("
                    + retryDelay + "), got " + maxRetryDelay);
        }
        long maxResponseSize = config.getSize(MAX_RESPONSE_SIZE, DeepaasClientSettings.DEFAULT_MAX_RESPONSE_SIZE);
        if (maxResponseSize <= 0) {
            throw new InvalidConfigException(path(config, MAX_RESPONSE_SIZE), "must be positive, got " + maxResponseSize);
        }
        Optional<DeepaasCredentials> credentials = Optional.empty();
        Optional<String> token = config.getString(TOKEN);
        if (token.isPresent()) {
            // The value itself never goes into a message.
            if (token.get().isBlank() || token.get().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidConfigException(path(config, TOKEN),
                        "must be non-blank text without control characters");
            }
            URI server = baseUrl(config).orElseThrow(() -> new InvalidConfigException(path(config, TOKEN),
                    "is sent only to the server of base_url: set base_url too"));
            credentials = Optional.of(new DeepaasCredentials(server, token.get()));
        }
        return new DeepaasClientSettings(timeout, connectTimeout, maxRetries, retryDelay, maxRetryDelay,
                maxResponseSize, credentials);
    }

    /**
     * @param config a validated config
     * @return its base URL, normalized, if set
     * @throws InvalidConfigException if it is not an http(s) URL
     */
    static Optional<URI> baseUrl(TangoConfig config) {
        Optional<String> text = config.getString(BASE_URL).filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text.get().trim());
        } catch (java.net.URISyntaxException e) {
            throw new InvalidConfigException(path(config, BASE_URL), "'" + DeepaasClient.redact(text.get())
                    + "' is not an http(s) URL with a host, e.g. http://127.0.0.1:5000");
        }
        try {
            return Optional.of(DeepaasClient.normalize(uri));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(path(config, BASE_URL), e.getMessage());
        }
    }

    /**
     * @param config a validated config with a required base URL
     * @return its base URL, normalized
     */
    static URI requireBaseUrl(TangoConfig config) {
        return baseUrl(config).orElseThrow(() -> new InvalidConfigException(path(config, BASE_URL),
                "is required: the DEEPaaS server's base URL, e.g. http://127.0.0.1:5000"));
    }

    /**
     * @param config a config
     * @param key one of its keys
     * @param minimum the smallest allowed value
     * @param defaultValue the value when absent
     * @return the int value
     * @throws InvalidConfigException if it is below {@code minimum}
     */
    static int atLeast(TangoConfig config, String key, int minimum, int defaultValue) {
        int value = config.getInt(key, defaultValue);
        if (value < minimum) {
            throw new InvalidConfigException(path(config, key), "must be " + minimum + " or more, got " + value);
        }
        return value;
    }

    static Duration positive(TangoConfig config, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidConfigException(path(config, key), "must be positive, got " + value);
        }
        return value;
    }

    static String path(TangoConfig config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
