package io.tango.plugin.deepaas;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasClientSettings;
import io.tango.toolkit.http.HttpOptions;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.TokenOption;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The config options the plugin's factories share, and their parsing. Stateless. */
final class DeepaasOptions {
    static final String BASE_URL = "base_url";
    static final ConfigOption<String> TOKEN = TokenOption.declare(
            "Bearer token for a DEEPaaS server behind an authenticating gateway, sent as"
                    + " 'Authorization: Bearer <token>' to the server of base_url only (required with it)");
    static final ConfigOption<Boolean> CLIENT_SIDE_VALIDATION = ConfigOption.bool("client_side_validation")
            .withDefault(true)
            .withDescription("Check arguments against the model's OpenAPI description before sending (names,"
                    + " types, required arguments, choices, ranges); when false, the server validates them and"
                    + " its 422 answer becomes an InvalidRequestException with its messages");

    private DeepaasOptions() {}

    /** @return the base URL option, optional: keys {@code deepaas:/<model>} resolve against it */
    static ConfigOption<String> optionalBaseUrl() {
        return ConfigOption.string(BASE_URL).withDescription(
                "Base URL of a DEEPaaS server, with its --base-path if any (e.g. http://127.0.0.1:5000); keys"
                        + " deepaas:/<model> resolve against it, keys deepaas://<host>:<port>/<model> name their own"
                        + " server");
    }

    /**
     * @param what what the server is for, e.g. {@code the server whose models this trainer trains}
     * @return the base URL option, required
     */
    static ConfigOption<String> requiredBaseUrl(String what) {
        return ConfigOption.string(BASE_URL).asRequired().withDescription(
                "Base URL of " + what + ", with its --base-path if any (e.g. http://127.0.0.1:5000)");
    }

    /** @return the HTTP options every component has: the toolkit's {@link HttpOptions}, and the token */
    static List<ConfigOption<?>> httpOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(HttpOptions.all());
        options.add(TOKEN);
        return List.copyOf(options);
    }

    /** @return the base URL option of a component that otherwise reads its servers from descriptors */
    static ConfigOption<String> tokenServerBaseUrl() {
        return ConfigOption.string(BASE_URL).withDescription(
                "Base URL of the DEEPaaS server a configured token is sent to (e.g. https://deepaas.example.org);"
                        + " models on other servers are called without it");
    }

    /** @return the option that turns client-side argument checks off */
    static ConfigOption<Boolean> clientSideValidation() {
        return CLIENT_SIDE_VALIDATION;
    }

    /**
     * @param config a validated config
     * @return its HTTP settings (the toolkit's) and its token
     * @throws InvalidConfigException if an HTTP option is out of its range, or the token is blank or has no base URL
     */
    static DeepaasClientSettings settings(TangoConfig config) {
        HttpSettings http = HttpOptions.settings(config);
        var credentials = TokenOption.credentials(config, TOKEN, DeepaasOptions::baseUrl);
        return new DeepaasClientSettings(http, credentials);
    }

    /**
     * @param config a validated config
     * @return its base URL, normalized, if set
     * @throws InvalidConfigException if it is not an http(s) URL
     */
    static Optional<URI> baseUrl(TangoConfig config) {
        Optional<String> text = config.getOptional(optionalBaseUrl()).filter(value -> !value.isBlank());
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

    static String path(TangoConfig config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
