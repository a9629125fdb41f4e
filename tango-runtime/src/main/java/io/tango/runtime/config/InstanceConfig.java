package io.tango.runtime.config;

import io.tango.runtime.ComponentKind;

import static java.util.Objects.requireNonNull;

/**
 * One component instance's validated configuration.
 *
 * @param kind its kind
 * @param name its instance name
 * @param type its factory's type name
 * @param config its config, validated against the factory's options, declared defaults filled in
 */
public record InstanceConfig(ComponentKind kind, String name, String type, MapTangoConfig config) {
    public InstanceConfig {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(config, "config is null");
    }

    /** @return the instance's path in the document, e.g. {@code model_management.finders.default} */
    public String path() {
        return ConfigValidator.MODEL_MANAGEMENT + "." + kind.section() + "." + name;
    }
}
