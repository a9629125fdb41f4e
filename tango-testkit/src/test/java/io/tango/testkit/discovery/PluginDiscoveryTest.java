package io.tango.testkit.discovery;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.PluginLoadException;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.PluginInfo;
import io.tango.runtime.plugin.ProviderReport;
import io.tango.runtime.plugin.ProviderStatus;
import io.tango.testkit.PluginJarBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery and isolation, with plugin jars built at test time. */
class PluginDiscoveryTest {
    @TempDir
    Path plugins;

    /** A finder factory of {@code type} whose finder describes every key, recording who ran it in its metadata. */
    private static String finderFactory(String className, String type, String extraMetadata) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;
                import io.tango.api.*;
                import io.tango.api.config.TangoConfig;
                import io.tango.api.spi.ModelFinderFactory;
                import java.util.Optional;
                public class %s implements ModelFinderFactory {
                    public String type() { return "%s"; }
                    public ModelFinder create(TangoConfig config, String instanceName) {
                        String createdWith = String.valueOf(Thread.currentThread().getContextClassLoader());
                        return key -> Optional.of(ModelDescriptor.builder(key, key.value(), "test")
                                .metadata("created_with", createdWith)
                                .metadata("called_with", String.valueOf(Thread.currentThread().getContextClassLoader()))
                                %s
                                .build());
                    }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), type, extraMetadata);
    }

    private Path goodPlugin(String name, String type) {
        String className = "com.example." + name + ".Factory";
        return PluginJarBuilder.named(name)
                .source(className, finderFactory(className, type, ""))
                .service(ModelFinderFactory.class, className)
                .build(plugins.resolve(name + ".jar"));
    }

    private TangoRuntime runtime(String yaml) {
        return TangoRuntime.builder().scanClassPath(false).pluginDirectory(plugins).environment(Map.of()).configYaml(yaml).build();
    }

    private static String finder(String name, String type) {
        return "model_management: {finders: {" + name + ": {type: " + type + "}}}";
    }

    private static ProviderReport provider(TangoRuntime runtime, String className) {
        return runtime.pluginReport().providers().stream()
                .filter(provider -> provider.className().equals(className))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no provider " + className + " in " + runtime.pluginReport()));
    }

    @Test
    void loadsAGoodPluginInItsOwnClassLoaderAndCallsItWithThatLoaderCurrent() {
        goodPlugin("hello", "HELLO");
        try (TangoRuntime runtime = runtime(finder("default", "HELLO"))) {
            ModelDescriptor found = runtime.finder("default").find(ModelKey.of("iris")).orElseThrow();
            assertThat(found.metadata()).containsEntry("created_with", "PluginClassLoader[hello]")
                    .containsEntry("called_with", "PluginClassLoader[hello]");
            assertThat(provider(runtime, "com.example.hello.Factory"))
                    .returns(ProviderStatus.LOADED, ProviderReport::status)
                    .returns("hello", ProviderReport::plugin)
                    .returns(plugins.resolve("hello.jar").toString(), ProviderReport::location);
        }
    }

    @Test
    void rejectsTwoPluginsDeclaringTheSameTypeNamingBothClassesAndJars() {
        goodPlugin("one", "SAME");
        goodPlugin("two", "SAME");
        assertThatThrownBy(() -> runtime("{}"))
                .isInstanceOf(PluginLoadException.class)
                .hasMessage("duplicate finder type 'SAME': declared by com.example.one.Factory (" + plugins.resolve("one.jar")
                        + ") and com.example.two.Factory (" + plugins.resolve("two.jar") + "). Remove all but one of these jars.");
    }

    @Test
    void reportsAServicesEntryWhoseClassIsMissingAndKeepsTheOthers() {
        goodPlugin("good", "GOOD");
        PluginJarBuilder.named("missing")
                .rawServiceFile(ModelFinderFactory.class, "com.example.missing.Nowhere\n")
                .build(plugins.resolve("missing.jar"));
        try (TangoRuntime runtime = runtime(finder("default", "GOOD"))) {
            assertThat(runtime.finder("default").find(ModelKey.of("x"))).isPresent();
            ProviderReport missing = provider(runtime, "com.example.missing.Nowhere");
            assertThat(missing.status()).isEqualTo(ProviderStatus.FAILED);
            assertThat(missing.location()).isEqualTo(plugins.resolve("missing.jar").toString());
            assertThat(missing.error()).contains("io.tango.api.spi.ModelFinderFactory: Provider com.example.missing.Nowhere not found");
        }
    }

    @Test
    void reportsAMalformedServicesFile() {
        PluginJarBuilder.named("malformed")
                .rawServiceFile(ModelFinderFactory.class, "this is not a class name\n")
                .build(plugins.resolve("malformed.jar"));
        try (TangoRuntime runtime = runtime("{}")) {
            assertThat(runtime.pluginReport().problems()).singleElement().asString()
                    .startsWith("finder provider  (malformed): io.tango.api.spi.ModelFinderFactory: ")
                    .contains("Illegal configuration-file syntax");
        }
    }

    @Test
    void reportsAProviderWhoseConstructorThrows() {
        goodPlugin("good", "GOOD");
        PluginJarBuilder.named("throwing")
                .source("com.example.Throwing", """
                        package com.example;
                        public class Throwing extends com.example.Base {
                            public Throwing() { throw new IllegalStateException("no licence key"); }
                        }
                        """)
                .source("com.example.Base", finderFactory("com.example.Base", "BASE", ""))
                .service(ModelFinderFactory.class, "com.example.Throwing")
                .build(plugins.resolve("throwing.jar"));
        try (TangoRuntime runtime = runtime(finder("default", "GOOD"))) {
            assertThat(runtime.finder("default").find(ModelKey.of("x"))).isPresent();
            ProviderReport throwing = provider(runtime, "com.example.Throwing");
            assertThat(throwing.status()).isEqualTo(ProviderStatus.FAILED);
            assertThat(throwing.error().orElseThrow())
                    .contains("Provider com.example.Throwing could not be instantiated")
                    .contains("IllegalStateException: no licence key");
        }
    }

    @Test
    void reportsAProviderWhoseStaticInitializerFails() {
        PluginJarBuilder.named("static")
                .source("com.example.Static", """
                        package com.example;
                        public class Static extends com.example.Base {
                            static final int VALUE = Integer.parseInt("not a number");
                        }
                        """)
                .source("com.example.Base", finderFactory("com.example.Base", "BASE", ""))
                .service(ModelFinderFactory.class, "com.example.Static")
                .build(plugins.resolve("static.jar"));
        try (TangoRuntime runtime = runtime("{}")) {
            ProviderReport failed = provider(runtime, "com.example.Static");
            assertThat(failed.status()).isEqualTo(ProviderStatus.FAILED);
            assertThat(failed.error().orElseThrow()).contains("its static initializer failed");
        }
    }

    @Test
    void failsOnABrokenPluginInStrictMode() {
        PluginJarBuilder.named("missing")
                .rawServiceFile(ModelFinderFactory.class, "com.example.missing.Nowhere\n")
                .build(plugins.resolve("missing.jar"));
        assertThatThrownBy(() -> TangoRuntime.builder().scanClassPath(false).pluginDirectory(plugins).strict(true).build())
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith("strict plugin loading: 1 problem(s):\n  - finder provider com.example.missing.Nowhere ("
                        + plugins.resolve("missing.jar") + "): ");
    }

    @Test
    void reportsAJarThatIsNotAZipAndKeepsTheOthers() throws IOException {
        goodPlugin("good", "GOOD");
        Files.writeString(plugins.resolve("corrupt.jar"), "not a zip");
        try (TangoRuntime runtime = runtime(finder("default", "GOOD"))) {
            assertThat(runtime.finder("default").find(ModelKey.of("x"))).isPresent();
            PluginInfo corrupt = runtime.pluginReport().plugins().stream()
                    .filter(plugin -> plugin.name().equals("corrupt")).findFirst().orElseThrow();
            assertThat(corrupt.error()).hasValueSatisfying(error -> assertThat(error)
                    .startsWith("cannot read jar " + plugins.resolve("corrupt.jar") + ": "));
        }
    }

    @Test
    void loadsAPluginFolderOfSeveralJars() {
        Path folder = plugins.resolve("greeter");
        Path library = PluginJarBuilder.named("greeter-lib")
                .source("com.example.lib.Greeting", "package com.example.lib; public class Greeting { public static String text() { return \"hello from a library jar\"; } }")
                .build(folder.resolve("greeter-lib.jar"));
        PluginJarBuilder.named("greeter")
                .classPath(library)
                .source("com.example.greeter.Factory", finderFactory("com.example.greeter.Factory", "GREETER",
                        ".metadata(\"greeting\", com.example.lib.Greeting.text())"))
                .service(ModelFinderFactory.class, "com.example.greeter.Factory")
                .build(folder.resolve("greeter.jar"));
        try (TangoRuntime runtime = runtime(finder("default", "GREETER"))) {
            assertThat(runtime.finder("default").find(ModelKey.of("x")).orElseThrow().metadata())
                    .containsEntry("greeting", "hello from a library jar");
            assertThat(runtime.pluginReport().plugins()).singleElement()
                    .returns("greeter", PluginInfo::name)
                    .returns(java.util.List.of(folder.resolve("greeter-lib.jar").toString(), folder.resolve("greeter.jar").toString()), PluginInfo::jars);
        }
    }

    @Test
    void letsTwoPluginsBundleDifferentVersionsOfTheSameLibraryClass() {
        for (String version : new String[] {"1", "2"}) {
            Path folder = plugins.resolve("plugin-v" + version);
            Path library = PluginJarBuilder.named("lib-v" + version)
                    .source("com.example.lib.Version", "package com.example.lib; public class Version { public static String of() { return \"" + version + "\"; } }")
                    .build(folder.resolve("lib.jar"));
            String className = "com.example.v" + version + ".Factory";
            PluginJarBuilder.named("plugin-v" + version)
                    .classPath(library)
                    .source(className, finderFactory(className, "V" + version, ".metadata(\"library\", com.example.lib.Version.of())"))
                    .service(ModelFinderFactory.class, className)
                    .build(folder.resolve("plugin.jar"));
        }
        try (TangoRuntime runtime = runtime("model_management: {finders: {one: {type: V1}, two: {type: V2}}}")) {
            assertThat(runtime.finder("one").find(ModelKey.of("x")).orElseThrow().metadata()).containsEntry("library", "1");
            assertThat(runtime.finder("two").find(ModelKey.of("x")).orElseThrow().metadata()).containsEntry("library", "2");
        }
    }

    @Test
    void hidesTheHostClassPathFromAPlugin() {
        PluginJarBuilder.named("nosy")
                .source("com.example.Nosy", finderFactory("com.example.Nosy", "NOSY", """
                        .metadata("sees_runtime", String.valueOf(canLoad("io.tango.runtime.TangoRuntime")))
                        .metadata("sees_api", String.valueOf(canLoad("io.tango.api.ModelKey")))
                        """).replace("public class Nosy implements ModelFinderFactory {", """
                        public class Nosy implements ModelFinderFactory {
                            static boolean canLoad(String name) {
                                try { Class.forName(name, false, Nosy.class.getClassLoader()); return true; }
                                catch (ClassNotFoundException e) { return false; }
                            }
                        """))
                .service(ModelFinderFactory.class, "com.example.Nosy")
                .build(plugins.resolve("nosy.jar"));
        try (TangoRuntime runtime = runtime(finder("default", "NOSY"))) {
            assertThat(runtime.finder("default").find(ModelKey.of("x")).orElseThrow().metadata())
                    .containsEntry("sees_runtime", "false")
                    .containsEntry("sees_api", "true");
        }
    }

    @Test
    void findsPluginsOnTheClassPathToo() {
        try (TangoRuntime runtime = TangoRuntime.builder().environment(Map.of()).build()) {
            assertThat(runtime.factories().types(ComponentKind.FINDER)).contains("EXAMPLE", "MULTI");
        }
    }

    @Test
    void rejectsAPluginDirectoryThatDoesNotExist() {
        Path missing = plugins.resolve("nope");
        assertThatThrownBy(() -> TangoRuntime.builder().pluginDirectory(missing).build())
                .isInstanceOf(PluginLoadException.class)
                .hasMessage("plugin directory " + missing + " does not exist or is not a directory");
    }
}
