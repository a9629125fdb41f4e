package io.tango.plugin.oip;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.toolkit.http.HttpOptions;
import io.tango.toolkit.http.TokenOption;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The config options the plugin's factories share, and their parsing. Stateless. */
final class OipOptions {
    static final String BASE_URL = "base_url";
    static final ConfigOption<String> BINARY = ConfigOption.enumOf("binary",
                    Arrays.stream(OipBinaryMode.values()).map(OipBinaryMode::optionValue).toArray(String[]::new))
            .withDefault(OipBinaryMode.AUTO.optionValue())
            .withDescription("When REST inference uses the binary tensor data extension both ways: auto (when the"
                    + " server lists binary_tensor_data in GET /v2), always, never (FP16 and BF16 inputs go binary"
                    + " anyway: they have no JSON form)");
    static final ConfigOption<String> TOKEN = TokenOption.declare(
            "Bearer token for an OIP server behind an authenticating gateway (Istio, an API gateway, PyTriton's"
                    + " access token), sent to the server of base_url only (required with it): over REST as"
                    + " 'Authorization: Bearer <token>', over gRPC as metadata 'authorization: Bearer <token>'");
    static final ConfigOption<Boolean> CLIENT_SIDE_VALIDATION = ConfigOption.bool("client_side_validation")
            .withDefault(true)
            .withDescription("Check input names, datatypes and shapes against the model's metadata before sending;"
                    + " when false, the server checks them and its 400 becomes an InvalidRequestException");

    private OipOptions() {}

    /** @return the base URL option, optional: keys {@code oip:/<model>} resolve against it */
    static ConfigOption<String> optionalBaseUrl() {
        return ConfigOption.string(BASE_URL).withDescription(
                "Base URL of an OIP server: http(s)://<host>:<port>[/<base>] (the part before /v2) or"
                        + " grpc://<host>:<port>; keys oip:/<model> resolve against it, keys oip://… and"
                        + " oip+grpc://… name their own server");
    }

    /**
     * @param what what the server is for
     * @return the base URL option, required
     */
    static ConfigOption<String> requiredBaseUrl(String what) {
        return ConfigOption.string(BASE_URL).asRequired().withDescription(
                "Base URL of " + what + ": http(s)://<host>:<port>[/<base>] (the part before /v2) or"
                        + " grpc://<host>:<port>");
    }

    /** @return the base URL option of a component that otherwise reads its servers from descriptors */
    static ConfigOption<String> tokenServerBaseUrl() {
        return ConfigOption.string(BASE_URL).withDescription(
                "Base URL of the OIP server a configured token is sent to: http(s)://<host>:<port>[/<base>] or"
                        + " grpc://<host>:<port>; models on other servers are called without it");
    }

    /**
     * @return the options of every component that talks to servers: the toolkit's HTTP options, {@code binary} and
     *     {@code token}
     */
    static List<ConfigOption<?>> connectionOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(HttpOptions.all());
        options.add(BINARY);
        options.add(TOKEN);
        return List.copyOf(options);
    }

    /**
     * @param config a validated config
     * @param threadPrefix the name prefix of the clients' threads
     * @return the component's clients, with the token for the server of {@code base_url} if one is set
     * @throws InvalidConfigException if an HTTP option is out of its range, or the token is blank or has no base URL
     */
    static OipServers servers(TangoConfig config, String threadPrefix) {
        return new OipServers(HttpOptions.settings(config), OipBinaryMode.of(config.get(BINARY)),
                TokenOption.credentials(config, TOKEN, OipOptions::baseUrl), threadPrefix);
    }

    /**
     * @param config a validated config
     * @return its base URL, normalized, if set
     * @throws InvalidConfigException if it is neither an http(s) URL nor grpc://host:port
     */
    static Optional<URI> baseUrl(TangoConfig config) {
        Optional<String> text = config.getOptional(optionalBaseUrl()).filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OipServerAddress.normalize(new URI(text.get().trim())));
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(path(config, BASE_URL), "'" + OipServerAddress.redact(text.get())
                    + "' is not an http(s) URL with a host (e.g. http://127.0.0.1:8000) nor grpc://<host>:<port>");
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
                "is required: the OIP server's base URL, e.g. http://127.0.0.1:8000 or grpc://127.0.0.1:8001"));
    }

    static String path(TangoConfig config, String key) {
        return config.path().isEmpty() ? key : config.path() + "." + key;
    }
}
