package io.tango.toolkit.http;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The secret {@code token} option of a remote plugin, bound to the server of its {@code base_url}, and how a
 * component's config becomes {@link ServerCredentials}. Stateless; no message ever shows the token.
 */
public final class TokenOption {
    /** The option's key. */
    public static final String KEY = "token";
    /** The key of the option naming the token's server. */
    public static final String BASE_URL = "base_url";

    private TokenOption() {}

    /**
     * @param description what the token is for and how it is sent, e.g. {@code Bearer token for a DEEPaaS server …}
     * @return the option {@code token}, a secret string
     */
    public static ConfigOption<String> declare(String description) {
        return ConfigOption.string(KEY).asSecret().withDescription(requireNonNull(description, "description is null"));
    }

    /**
     * @param config a validated config
     * @param option the token option the factory declares (see {@link #declare(String)})
     * @param baseUrl reads the config's normalized base URL, if set (throwing its own {@link InvalidConfigException}
     *     if it is malformed); called only when a token is set
     * @return the token bound to the base URL's server, if a token is set
     * @throws InvalidConfigException at path {@code <config path>.token} if the token is blank or has control
     *     characters, or is set without {@code base_url}
     */
    public static Optional<ServerCredentials> credentials(TangoConfig config, ConfigOption<String> option,
            Function<TangoConfig, Optional<URI>> baseUrl) {
        requireNonNull(config, "config is null");
        requireNonNull(option, "option is null");
        requireNonNull(baseUrl, "baseUrl is null");
        Optional<String> token = config.getOptional(option);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String path = config.path().isEmpty() ? option.key() : config.path() + "." + option.key();
        // The value itself never goes into a message.
        if (!ServerCredentials.isUsableToken(token.get())) {
            throw new InvalidConfigException(path, "must be non-blank text without control characters");
        }
        URI server = baseUrl.apply(config).orElseThrow(() -> new InvalidConfigException(path,
                "is sent only to the server of " + BASE_URL + ": set " + BASE_URL + " too"));
        return Optional.of(new ServerCredentials(server, token.get()));
    }
}
