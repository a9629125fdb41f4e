package io.tango.runtime.plugin;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Everything discovery found: each plugin of the plugin directories, and each provider (class path, plugins,
 * built-in) with its status. Immutable.
 *
 * @param plugins the plugins of the plugin directories, in directory order
 * @param providers every provider, ordered by kind, then type
 */
public record PluginReport(List<PluginInfo> plugins, List<ProviderReport> providers) {
    public PluginReport {
        plugins = List.copyOf(requireNonNull(plugins, "plugins is null"));
        providers = List.copyOf(requireNonNull(providers, "providers is null"));
    }

    /** @return the problems found, one line each: failed plugins, failed providers, then each clash of duplicates once */
    public List<String> problems() {
        return Stream.of(
                        plugins.stream()
                                .filter(plugin -> plugin.error().isPresent())
                                .map(plugin -> "plugin " + plugin.name() + " (" + plugin.location() + "): " + plugin.error().get()),
                        providers.stream()
                                .filter(provider -> provider.status() == ProviderStatus.FAILED)
                                .map(provider -> provider.kind().displayName() + " provider " + provider.className()
                                        + " (" + provider.location() + "): " + provider.error().orElse(provider.status().name())),
                        duplicates().stream())
                .flatMap(problems -> problems)
                .collect(Collectors.toList());
    }

    /** @return the problems that make providers ambiguous */
    public List<String> duplicates() {
        return providers.stream()
                .filter(provider -> provider.status() == ProviderStatus.DUPLICATE)
                .map(provider -> provider.error().orElseThrow())
                .distinct()
                .collect(Collectors.toList());
    }
}
