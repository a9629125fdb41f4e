package io.tango.testkit.discovery;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.PluginLoadException;
import io.tango.api.spi.ModelFinderFactory;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.PluginInfo;
import io.tango.runtime.plugin.ProviderReport;
import io.tango.runtime.plugin.ProviderStatus;
import io.tango.testkit.BrokenPlugins;
import io.tango.testkit.PluginJarBuilder;
import io.tango.testkit.logging.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

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

    /** The same plugin folder copied under a second name: one class, declared by two plugins. */
    private void copiedPlugin(String type) {
        for (String name : new String[] {"acme", "acme-copy"}) {
            PluginJarBuilder.named("acme")
                    .source("com.example.acme.Factory", finderFactory("com.example.acme.Factory", type, ""))
                    .service(ModelFinderFactory.class, "com.example.acme.Factory")
                    .build(plugins.resolve(name).resolve("acme.jar"));
        }
    }

    private String copiedPluginClash(String type) {
        return "duplicate finder type '" + type + "': declared by com.example.acme.Factory in plugin acme ("
                + plugins.resolve("acme").resolve("acme.jar") + ") and com.example.acme.Factory in plugin acme-copy ("
                + plugins.resolve("acme-copy").resolve("acme.jar") + "). Remove all but one of: "
                + plugins.resolve("acme") + ", " + plugins.resolve("acme-copy") + ".";
    }

    @Test
    void makesATypeTwoPluginsDeclareUnusableNamingBothPluginFolders() {
        copiedPlugin("SAME");
        try (TangoRuntime runtime = runtime(finder("default", "SAME"))) {
            assertThatThrownBy(() -> runtime.finder("default"))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessage(copiedPluginClash("SAME"));
        }
    }

    @Test
    void keepsEveryOtherTypeWorkingBesideADuplicatedOne() {
        copiedPlugin("SAME");
        goodPlugin("good", "GOOD");
        try (TangoRuntime runtime = runtime("model_management: {finders: {same: {type: SAME}, good: {type: GOOD}}}")) {
            assertThat(runtime.finder("good").find(ModelKey.of("x"))).isPresent();
            assertThat(runtime.factories().types(ComponentKind.FINDER)).containsExactly("GOOD", "MULTI");
        }
    }

    @Test
    void countsAndLogsADuplicateOnce() {
        copiedPlugin("SAME");
        try (CapturedLogs logs = CapturedLogs.atTrace(); TangoRuntime runtime = runtime("{}")) {
            assertThat(runtime.pluginReport().problems()).containsExactly(copiedPluginClash("SAME"));
            assertThat(logs.texts()).filteredOn(text -> text.contains("duplicate finder type"))
                    .containsExactly("Plugin problem: " + copiedPluginClash("SAME"));
        }
    }

    @Test
    void failsOnADuplicateInStrictMode() {
        copiedPlugin("SAME");
        assertThatThrownBy(() -> TangoRuntime.builder().scanClassPath(false).pluginDirectory(plugins).strict(true).build())
                .isInstanceOf(PluginLoadException.class)
                .hasMessage("strict plugin loading: 1 problem(s):\n  - " + copiedPluginClash("SAME"));
    }

    @Test
    void loadsADirectoryReachedTwiceOnce() throws IOException {
        goodPlugin("hello", "HELLO");
        Path link = Files.createSymbolicLink(plugins.resolve(".link"), plugins);
        try (TangoRuntime runtime = TangoRuntime.builder().scanClassPath(false).environment(Map.of())
                .pluginDirectory(plugins)
                .pluginDirectory(link)
                .configYaml("plugins: {directories: [" + plugins.resolve(".") + "]}\n" + finder("default", "HELLO"))
                .build()) {
            assertThat(runtime.finder("default").find(ModelKey.of("x"))).isPresent();
            assertThat(runtime.pluginReport().plugins()).singleElement().returns("hello", PluginInfo::name);
            assertThat(runtime.pluginReport().problems()).isEmpty();
        }
    }

    @Test
    void showsAPluginNoneOfWhoseProvidersLoadedAsNotLoaded() {
        goodPlugin("good", "GOOD");
        PluginJarBuilder.named("missing")
                .rawServiceFile(ModelFinderFactory.class, "com.example.missing.Nowhere\n")
                .build(plugins.resolve("missing.jar"));
        try (TangoRuntime runtime = runtime("{}")) {
            assertThat(runtime.pluginReport().plugins())
                    .extracting(PluginInfo::name, PluginInfo::loaded)
                    .containsExactly(tuple("good", true), tuple("missing", false));
        }
    }

    private void pluginMissingALibrary(String createCode, String findCode) {
        BrokenPlugins.missingALibrary(plugins, plugins.resolve(".build"), createCode, findCode);
    }

    private String missingHelper() {
        return "plugin acme (" + plugins.resolve("acme") + ") is missing class com.acme.lib.Helper: add the jar that holds it to "
                + plugins.resolve("acme") + "/";
    }

    @Test
    void namesThePluginItsFolderAndTheMissingClassWhenAComponentCallNeedsAJarThatIsNotThere() {
        pluginMissingALibrary("", "com.acme.lib.Helper.text()");
        try (TangoRuntime runtime = runtime(finder("default", "ACME"))) {
            ModelFinder finder = runtime.finder("default");
            assertThatThrownBy(() -> finder.find(ModelKey.of("x")))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessage(missingHelper())
                    .hasCauseInstanceOf(NoClassDefFoundError.class);
        }
    }

    @Test
    void namesThePluginItsFolderAndTheMissingClassWhenCreateNeedsAJarThatIsNotThere() {
        pluginMissingALibrary("com.acme.lib.Helper.text();", "key.value()");
        try (TangoRuntime runtime = runtime(finder("default", "ACME"))) {
            assertThatThrownBy(() -> runtime.finder("default"))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessage(missingHelper());
        }
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
