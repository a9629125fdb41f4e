package io.tango.plugin.devo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.tango.api.ModelKey;

import static java.util.Objects.requireNonNull;

/**
 * A model key in Devo's form, {@code devo://<authority>/<name>}: the authority is a profile name of a
 * {@code modelmanager.ini} file, or the name of a configured Devo instance (empty: the component's own connection);
 * the name is the model's name in the ML Model Manager, percent-decoded ({@code devo://prod/my%20model}).
 *
 * @param authority the profile or instance name; empty for the component's own connection
 * @param name the model's name, not empty
 */
record DevoModelKey(String authority, String name) {
    static final String SCHEME = "devo";
    private static final String PREFIX = SCHEME + "://";

    DevoModelKey {
        requireNonNull(authority, "authority is null");
        requireNonNull(name, "name is null");
    }

    /**
     * @param key a model key
     * @return the Devo key, or empty if the key is not of the form {@code devo://<authority>/<name>} with a name
     */
    static Optional<DevoModelKey> parse(ModelKey key) {
        String value = key.value();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String rest = value.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new DevoModelKey(decode(rest.substring(0, slash)), decode(rest.substring(slash + 1))));
    }

    /**
     * @param key a model key: {@code devo://<authority>/<name>} or a bare model name (no scheme)
     * @return the Devo key (a bare name has an empty authority), or empty if the key has another scheme
     */
    static Optional<DevoModelKey> parseOrName(ModelKey key) {
        if (key.scheme().isPresent()) {
            return parse(key);
        }
        return Optional.of(new DevoModelKey("", key.value()));
    }

    /** Decodes {@code %XX} sequences as UTF-8; anything else, including a lone {@code %}, stays as it is. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            }
            else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
