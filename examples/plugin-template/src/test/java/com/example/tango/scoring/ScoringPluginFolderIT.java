package com.example.tango.scoring;

import io.tango.api.spi.TangoFactory;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.testkit.contract.IsolatedPlugin;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;

/**
 * The same contracts with the plugin loaded from its packaged folder ({@code target/plugin/template}) in its own class
 * loader, as operators load it: a dependency missing from the folder fails here, not in a user's run.
 */
class ScoringPluginFolderIT extends ScoringContracts {
    private final IsolatedPlugin plugin = IsolatedPlugin.fromFolder(
            Path.of(System.getProperty("template.plugin.folder", "target/plugin/template")));

    @AfterAll
    void closePlugin() {
        plugin.close();
    }

    @Override
    TangoRuntime.Builder runtimeBuilder() {
        return plugin.runtimeBuilder();
    }

    @Override
    TangoFactory<?> factory(ComponentKind kind) {
        return plugin.factory(kind, "SCORING");
    }
}
