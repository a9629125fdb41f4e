package io.tango.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Plugin folders for the tests, assembled from the reactor's build of a plugin module as an operator drops a plugin
 * into a plugin directory: the module's jar and its {@code target/plugin-deps}. The build's reactor order (tango-spark's
 * pom-type test dependencies on the plugins) makes sure they were packaged first.
 */
public final class PluginFolders {
    /** The system property naming the repository's root (failsafe sets it). */
    public static final String REPOSITORY = "tango.repository";

    private PluginFolders() {}

    /** @return the repository's root: the property {@value #REPOSITORY}, else the parent of the working directory */
    public static Path repository() {
        String value = System.getProperty(REPOSITORY);
        return (value == null || value.isBlank() ? Path.of("..") : Path.of(value)).toAbsolutePath().normalize();
    }

    /**
     * @param module a plugin module's folder name, e.g. {@code plugin-local}
     * @param folder the plugin folder to create, e.g. {@code <plugins>/local}
     * @return {@code folder}
     * @throws IllegalStateException if the module has not been packaged
     */
    public static Path assemble(String module, Path folder) {
        requireNonNull(module, "module is null");
        requireNonNull(folder, "folder is null");
        Path target = repository().resolve(module).resolve("target");
        Path dependencies = target.resolve("plugin-deps");
        if (!Files.isDirectory(dependencies)) {
            throw new IllegalStateException("no " + dependencies + ": package " + module + " first (./mvnw -pl tango-spark -am"
                    + " package builds it)");
        }
        try {
            List<Path> jars;
            try (Stream<Path> files = Files.list(target)) {
                jars = files.filter(file -> {
                    String name = file.getFileName().toString();
                    return name.startsWith(module + "-") && name.endsWith(".jar") && !name.endsWith("-sources.jar")
                            && !name.endsWith("-tests.jar") && !name.endsWith("-javadoc.jar");
                }).toList();
            }
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one " + module + " jar in " + target + ", found " + jars);
            }
            Files.createDirectories(folder);
            Files.copy(jars.get(0), folder.resolve(jars.get(0).getFileName()), StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> files = Files.list(dependencies)) {
                for (Path dependency : files.toList()) {
                    Files.copy(dependency, folder.resolve(dependency.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble plugin folder " + folder + " from " + module, e);
        }
    }
}
