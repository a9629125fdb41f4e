package io.tango.cli.command;

import io.tango.cli.TangoCommand;
import io.tango.runtime.TangoRuntime;

import java.util.Map;

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
        tango.configuredPluginDirectories().forEach(builder::pluginDirectory);
        return builder.build();
    }
}
