package io.tango.runtime.plugin;

import io.tango.runtime.ComponentKind;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What discovery found for one provider entry.
 *
 * @param kind the component kind the entry was registered under
 * @param type the factory's type name, when it loaded
 * @param className the provider class named in {@code META-INF/services}, or empty when even that is unknown
 * @param location the jar or folder it came from
 * @param plugin the plugin's name ({@code class path} for the host's class path, {@code built-in} for the runtime's own)
 * @param status loaded, failed or duplicate
 * @param error why it failed, or which other provider it clashes with
 * @param description the factory's description, when it loaded
 */
public record ProviderReport(
        ComponentKind kind,
        Optional<String> type,
        String className,
        String location,
        String plugin,
        ProviderStatus status,
        Optional<String> error,
        String description) {

    public ProviderReport {
        requireNonNull(kind, "kind is null");
        requireNonNull(type, "type is null");
        requireNonNull(className, "className is null");
        requireNonNull(location, "location is null");
        requireNonNull(plugin, "plugin is null");
        requireNonNull(status, "status is null");
        requireNonNull(error, "error is null");
        requireNonNull(description, "description is null");
    }

    ProviderReport withDuplicate(String clash) {
        return new ProviderReport(kind, type, className, location, plugin, ProviderStatus.DUPLICATE, Optional.of(clash), description);
    }
}
