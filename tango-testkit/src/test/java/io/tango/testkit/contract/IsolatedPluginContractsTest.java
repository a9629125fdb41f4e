package io.tango.testkit.contract;

import io.tango.api.spi.ModelFinderFactory;
import io.tango.api.spi.TangoFactory;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.testkit.PluginJarBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The contracts run against a plugin folder through {@link IsolatedPlugin}: a complete folder passes, a folder that
 * lacks a jar the plugin needs fails the author's contract test, naming the missing class.
 */
class IsolatedPluginContractsTest {
    private static final String LIBRARY = """
            package com.example.lib;
            public final class Naming {
                public static String name(String key) { return "found-" + key; }
            }
            """;
    private static final String FACTORY = """
            package com.example.isolated;
            import io.tango.api.ModelDescriptor;
            import io.tango.api.ModelFinder;
            import io.tango.api.config.TangoConfig;
            import io.tango.api.spi.ModelFinderFactory;
            import java.util.Optional;
            public final class NamingFinderFactory implements ModelFinderFactory {
                public String type() { return "NAMING"; }
                public String description() { return "Finds every key, named by a bundled library"; }
                public ModelFinder create(TangoConfig config, String instanceName) {
                    String prefix = com.example.lib.Naming.name("");
                    return key -> Optional.of(ModelDescriptor.builder(java.util.Objects.requireNonNull(key, "key is null"),
                            prefix + key.value(), "naming").build());
                }
            }
            """;

    /** The plugin the nested contract runs against; set by each test before it runs the contract. */
    private static volatile IsolatedPlugin plugin;

    @TempDir
    Path work;

    private Path pluginFolder(boolean withLibrary) throws IOException {
        Path library = PluginJarBuilder.named("naming-lib").source("com.example.lib.Naming", LIBRARY)
                .build(work.resolve("build/naming-lib.jar"));
        Path folder = Files.createDirectories(work.resolve("target/plugin/naming"));
        PluginJarBuilder.named("naming").source("com.example.isolated.NamingFinderFactory", FACTORY)
                .classPath(library)
                .service(ModelFinderFactory.class, "com.example.isolated.NamingFinderFactory")
                .build(folder.resolve("naming-plugin.jar"));
        if (withLibrary) {
            Files.copy(library, folder.resolve("naming-lib.jar"));
        }
        return folder;
    }

    private static Map<String, String> failures() {
        Map<String, String> failures = new TreeMap<>();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(NamingFactoryContract.class)).execute()
                .testEvents().failed().stream()
                .forEach(event -> failures.put(event.getTestDescriptor().getDisplayName(),
                        event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                                .map(String::valueOf).orElse("")));
        return failures;
    }

    @Test
    void aCompletePluginFolderMeetsTheContract() throws IOException {
        try (IsolatedPlugin complete = IsolatedPlugin.fromFolder(pluginFolder(true))) {
            plugin = complete;
            assertThat(failures()).isEmpty();
        }
    }

    @Test
    void aPluginFolderMissingABundledJarFailsTheContractNamingTheClass() throws IOException {
        try (IsolatedPlugin incomplete = IsolatedPlugin.fromFolder(pluginFolder(false))) {
            plugin = incomplete;
            Map<String, String> failures = failures();
            assertThat(failures).containsOnlyKeys("createsFromAValidConfigThroughTheRuntimeAndCloses()");
            assertThat(failures.get("createsFromAValidConfigThroughTheRuntimeAndCloses()"))
                    .contains("plugin naming", "is missing class com.example.lib.Naming");
        }
    }

    @Test
    void theFactoryComesFromThePluginsOwnClassLoader() throws IOException {
        try (IsolatedPlugin complete = IsolatedPlugin.fromFolder(pluginFolder(true))) {
            TangoFactory<?> factory = complete.factory(ComponentKind.FINDER, "NAMING");
            assertThat(factory.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
        }
    }

    static class NamingFactoryContract extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return plugin.factory(ComponentKind.FINDER, "NAMING");
        }

        @Override
        protected TangoRuntime.Builder runtimeBuilder() {
            return plugin.runtimeBuilder();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of();
        }
    }
}
