package io.tango.bench;

import io.tango.api.spi.ModelFinderFactory;
import io.tango.api.spi.ModelInitializerFactory;
import io.tango.testkit.PluginJarBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static java.util.Objects.requireNonNull;

/**
 * Plugin directories of {@code n} small plugin jars for the boot benchmark. Each jar declares a finder and an
 * initializer factory with two options each, as a typical plugin does. One jar is compiled with
 * {@link PluginJarBuilder}; the others are byte-for-byte copies of it under other names: each jar gets its own class
 * loader, so the same class names never clash, and each factory names its type after its jar
 * ({@code plugin-007.jar} declares type {@code BENCH_PLUGIN_007}), so no two types clash either.
 */
public final class BenchPlugins {
    private static final String PACKAGE = "io.tango.bench.generated";

    private static final String FINDER = """
            package io.tango.bench.generated;

            import io.tango.api.ModelFinder;
            import io.tango.api.config.ConfigOption;
            import io.tango.api.config.TangoConfig;
            import io.tango.api.spi.ModelFinderFactory;
            import java.util.List;
            import java.util.Optional;

            public final class BenchFinderFactory implements ModelFinderFactory {
                public String type() { return JarType.TYPE; }
                public String description() { return "Finds nothing; a boot benchmark's plugin"; }
                public List<ConfigOption<?>> options() {
                    return List.of(ConfigOption.string("root").withDefault("/tmp").withDescription("A folder"),
                            ConfigOption.duration("timeout").withDefault(java.time.Duration.ofSeconds(10))
                                    .withMinimum(java.time.Duration.ofMillis(1)).withDescription("A timeout"));
                }
                public ModelFinder create(TangoConfig config, String instanceName) { return key -> Optional.empty(); }
            }
            """;

    private static final String INITIALIZER = """
            package io.tango.bench.generated;

            import io.tango.api.ModelInitializer;
            import io.tango.api.config.ConfigOption;
            import io.tango.api.config.TangoConfig;
            import io.tango.api.spi.ModelInitializerFactory;
            import java.util.List;
            import java.util.Optional;

            public final class BenchInitializerFactory implements ModelInitializerFactory {
                public String type() { return JarType.TYPE; }
                public String description() { return "Initializes nothing; a boot benchmark's plugin"; }
                public List<ConfigOption<?>> options() {
                    return List.of(ConfigOption.integer("threads").withDefault(1).withMinimum(1).withDescription("Threads"),
                            ConfigOption.string("token").asSecret().withDescription("A secret"));
                }
                public ModelInitializer create(TangoConfig config, String instanceName) { return descriptor -> Optional.empty(); }
            }
            """;

    private static final String JAR_TYPE = """
            package io.tango.bench.generated;

            import java.util.Locale;

            final class JarType {
                static final String TYPE = of();

                private JarType() {}

                private static String of() {
                    String jar = JarType.class.getProtectionDomain().getCodeSource().getLocation().getPath();
                    String name = jar.substring(jar.lastIndexOf('/') + 1).replace(".jar", "");
                    return "BENCH_" + name.replace('-', '_').toUpperCase(Locale.ROOT);
                }
            }
            """;

    private BenchPlugins() {}

    /**
     * Returns a plugin directory of {@code count} plugin jars, {@code plugin-001.jar} … under {@code work}, building
     * what is missing.
     *
     * @param work the benchmark's work folder; jars are kept there between runs
     * @param count how many plugins
     * @return the plugin directory
     */
    public static Path directory(Path work, int count) {
        requireNonNull(work, "work is null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        try {
            Path template = work.resolve("plugin-template.jar");
            if (!Files.isRegularFile(template)) {
                Path building = work.resolve("plugin-template.jar.tmp-" + ProcessHandle.current().pid());
                PluginJarBuilder.named("bench")
                        .source(PACKAGE + ".JarType", JAR_TYPE)
                        .source(PACKAGE + ".BenchFinderFactory", FINDER)
                        .source(PACKAGE + ".BenchInitializerFactory", INITIALIZER)
                        .service(ModelFinderFactory.class, PACKAGE + ".BenchFinderFactory")
                        .service(ModelInitializerFactory.class, PACKAGE + ".BenchInitializerFactory")
                        .build(building);
                Files.move(building, template, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Path directory = work.resolve("plugins-" + count);
            Files.createDirectories(directory);
            for (int i = 1; i <= count; i++) {
                Path jar = directory.resolve(String.format("plugin-%03d.jar", i));
                if (!Files.isRegularFile(jar)) {
                    Files.copy(template, jar);
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the plugin directory of " + count + " plugins under " + work, e);
        }
    }

    /** @return the folder benchmarks keep their files in: {@code tango.bench.work}, or one under the temp folder */
    public static Path workFolder() {
        String value = System.getProperty("tango.bench.work");
        Path folder = value == null || value.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "tango-bench-work")
                : Path.of(value);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }
}
