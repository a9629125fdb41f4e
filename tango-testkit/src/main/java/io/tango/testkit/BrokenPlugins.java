package io.tango.testkit;

import io.tango.api.spi.ModelFinderFactory;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Plugin folders with a known packaging defect, built at test time, for tests of how a host reports them. Stateless.
 */
public final class BrokenPlugins {
    /** The class the plugin built by {@link #missingALibrary} needs and does not carry. */
    public static final String MISSING_CLASS = "com.acme.lib.Helper";

    private BrokenPlugins() {
    }

    /**
     * Builds the plugin folder {@code <plugins>/acme/}: finder type {@code ACME}, whose factory calls into
     * {@value #MISSING_CLASS}, compiled against a jar written to {@code libraryFolder} and left out of the plugin
     * folder, as an operator who forgot a dependency would.
     *
     * @param plugins the plugin directory to add the folder to
     * @param libraryFolder where the left-out library jar goes (outside {@code plugins})
     * @param createCode Java statements run in {@code create} (e.g. {@code "com.acme.lib.Helper.text();"}), or empty
     * @param findCode a Java expression for the found descriptor's format, evaluated on each {@code find}
     *                 (e.g. {@code "com.acme.lib.Helper.text()"} or {@code "key.value()"})
     * @return the plugin folder
     */
    public static Path missingALibrary(Path plugins, Path libraryFolder, String createCode, String findCode) {
        requireNonNull(plugins, "plugins is null");
        requireNonNull(libraryFolder, "libraryFolder is null");
        requireNonNull(createCode, "createCode is null");
        requireNonNull(findCode, "findCode is null");
        Path library = PluginJarBuilder.named("acme-lib")
                .source(MISSING_CLASS, "package com.acme.lib; public class Helper { public static String text() { return \"help\"; } }")
                .build(libraryFolder.resolve("acme-lib.jar"));
        Path folder = plugins.resolve("acme");
        PluginJarBuilder.named("acme")
                .classPath(library)
                .source("com.acme.Factory", """
                        package com.acme;
                        import io.tango.api.*;
                        import io.tango.api.config.TangoConfig;
                        import io.tango.api.spi.ModelFinderFactory;
                        import java.util.Optional;
                        public class Factory implements ModelFinderFactory {
                            public String type() { return "ACME"; }
                            public ModelFinder create(TangoConfig config, String instanceName) {
                                %s
                                return key -> Optional.of(ModelDescriptor.builder(key, %s, "test").build());
                            }
                        }
                        """.formatted(createCode, findCode))
                .service(ModelFinderFactory.class, "com.acme.Factory")
                .build(folder.resolve("acme.jar"));
        return folder;
    }
}
