package io.tango.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Where the benchmarks find a plugin's folder (the plugin's jar and its runtime dependencies), as an operator drops it
 * into a plugin directory: {@code bench/run.sh} assembles one per plugin under its work folder and passes it as the
 * system property {@code tango.bench.plugins}; the smoke test assembles plugin-local's from the reactor's build.
 */
public final class PluginFolders {
    /** The system property naming the plugin directory (one sub-folder per plugin). */
    public static final String PROPERTY = "tango.bench.plugins";

    private PluginFolders() {}

    /**
     * @return the plugin directory named by {@value #PROPERTY}
     * @throws IllegalStateException if the property is not set or names no directory, saying how to set it
     */
    public static Path directory() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set: give a plugin directory holding"
                    + " a 'local' folder with plugin-local's jar and its dependencies (bench/run.sh assembles one)");
        }
        Path directory = Path.of(value);
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException(PROPERTY + "=" + value + " is not a directory");
        }
        return directory;
    }

    /**
     * Assembles a plugin folder from a Maven module's build: its jar and {@code target/plugin-deps}.
     *
     * @param module the module's folder, e.g. {@code plugin-local}
     * @param folder the plugin folder to (re)create
     * @return {@code folder}
     * @throws IllegalStateException if the module has not been packaged
     */
    public static Path assemble(Path module, Path folder) {
        requireNonNull(module, "module is null");
        requireNonNull(folder, "folder is null");
        Path target = module.resolve("target");
        Path dependencies = target.resolve("plugin-deps");
        String name = module.getFileName().toString();
        try {
            Path jar;
            try (Stream<Path> files = Files.list(target)) {
                jar = files.filter(file -> {
                            String file1 = file.getFileName().toString();
                            return file1.startsWith(name + "-") && file1.endsWith(".jar")
                                    && !file1.endsWith("-sources.jar") && !file1.endsWith("-tests.jar");
                        })
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no jar in " + target));
            }
            if (!Files.isDirectory(dependencies)) {
                throw new IllegalStateException("no " + dependencies + ": package " + name + " first");
            }
            Files.createDirectories(folder);
            Files.copy(jar, folder.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> files = Files.list(dependencies)) {
                for (Path dependency : files.toList()) {
                    Files.copy(dependency, folder.resolve(dependency.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return folder;
        } catch (IOException e) {
            throw new IllegalStateException("cannot assemble plugin folder " + folder + " from " + module + ": " + e.getMessage(), e);
        }
    }
}
