package io.tango.cli.command;

import io.tango.api.TangoException;
import io.tango.cli.TangoCommand;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.config.ConfigDocument;
import io.tango.runtime.config.ConfigValidator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a runtime that only discovers factories: over the plugin directories in effect and those the configuration
 * file names, but without the configuration's instances, so a type can be described even when the configuration is
 * invalid or never mentions it.
 */
final class DeclaredTypes {
    private DeclaredTypes() {}

    /** @return a runtime without instances; the caller closes it */
    static TangoRuntime open(TangoCommand tango) {
        TangoRuntime.Builder builder = TangoRuntime.builder().environment(Map.of());
        tango.pluginDirectories().forEach(builder::pluginDirectory);
        configuredDirectories(tango).forEach(builder::pluginDirectory);
        return builder.build();
    }

    private static List<Path> configuredDirectories(TangoCommand tango) {
        Optional<Path> file = tango.configFile();
        try {
            return file.isEmpty() ? List.of()
                    : ConfigValidator.pluginSettings(ConfigDocument.load(file.get()).withEnvironment(tango.context().environment())).directories();
        } catch (TangoException e) {
            // A configuration too broken to name its plugin directories: describe what the others provide.
            return List.of();
        }
    }
}
