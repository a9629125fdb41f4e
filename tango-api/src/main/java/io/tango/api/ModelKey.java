package io.tango.api;

import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The unique identifier of a model, as a user writes it: {@code iris}, {@code iris/3}, {@code iris@latest},
 * {@code models:/iris/3}, {@code models:/iris@champion}, {@code runs:/<run>/model},
 * {@code deepaas://127.0.0.1:5000/demo}, {@code devo://prod/churn}, or a path.
 *
 * <p>A key is opaque to the runtime except for its {@link #scheme()}: each finder parses the forms it understands and
 * answers "not found" for the others.
 *
 * @param value the key as written; not blank ({@link InvalidRequestException} otherwise)
 */
public record ModelKey(String value) {
    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]+):.*", Pattern.DOTALL);

    public ModelKey {
        requireNonNull(value, "value is null");
        if (value.isBlank()) {
            throw new InvalidRequestException("model key is blank: give a name, a name/version, a URI or a path");
        }
    }

    /**
     * @param value the key as written
     * @return the key
     */
    public static ModelKey of(String value) {
        return new ModelKey(value);
    }

    /**
     * The URI scheme of the key, lower case, when it has one of two characters or more ({@code models}, {@code runs},
     * {@code deepaas}, {@code devo}, {@code file}); a Windows drive letter ({@code C:}) is not a scheme.
     *
     * @return the scheme, if any
     */
    public Optional<String> scheme() {
        var matcher = SCHEME.matcher(value);
        return matcher.matches()
                ? Optional.of(matcher.group(1).toLowerCase(java.util.Locale.ROOT))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
