package io.tango.testkit.contract;

import io.tango.api.spi.TangoFactory;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.DiscoveredFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A built plugin folder ({@code plugins/<name>/}: the plugin's jar and its runtime dependencies) loaded the way an
 * operator's TANGO loads it — through {@link TangoRuntime}'s plugin-directory loading, in its own class loader that
 * sees only the folder's jars, the TANGO API and SLF4J — so the contracts run against what users will run. A jar the
 * plugin needs but its folder lacks then fails the author's test, not the user's run.
 *
 * <p>Use it from tests that run after the folder is packaged (Maven's {@code integration-test} phase, e.g. a
 * failsafe {@code *IT} class): give the contracts {@link #runtimeBuilder()} for their runtimes and
 * {@link #factory(ComponentKind, String)} for their factories.
 *
 * <pre>{@code
 * static final IsolatedPlugin PLUGIN = IsolatedPlugin.fromFolder(Path.of("target/plugin/template"));
 *
 * class Factory extends FactoryContractTest {
 *     protected TangoFactory<?> factory() { return PLUGIN.factory(ComponentKind.FINDER, "TEMPLATE"); }
 *     protected TangoRuntime.Builder runtimeBuilder() { return PLUGIN.runtimeBuilder(); }
 *     ...
 * }
 * }</pre>
 *
 * Thread-safe once built; {@link #close()} closes the runtime its factories come from and deletes its copy of the
 * folder.
 */
public final class IsolatedPlugin implements AutoCloseable {
    private final Path folder;
    private final Path pluginsDirectory;
    private final TangoRuntime discovery;

    private IsolatedPlugin(Path folder, Path pluginsDirectory) {
        this.folder = folder;
        this.pluginsDirectory = pluginsDirectory;
        this.discovery = runtimeBuilder().build();
    }

    /**
     * Copies the folder into a fresh plugin directory of its own (so nothing beside it is loaded) and discovers it.
     *
     * @param pluginFolder the packaged plugin folder, e.g. {@code target/plugin/template}
     * @return the loaded plugin
     * @throws IllegalArgumentException if the folder holds no jar (not packaged yet)
     * @throws io.tango.api.PluginLoadException if the plugin cannot be loaded (strict loading: every problem fails)
     */
    public static IsolatedPlugin fromFolder(Path pluginFolder) {
        Path folder = requireNonNull(pluginFolder, "pluginFolder is null").toAbsolutePath().normalize();
        List<Path> jars = jars(folder);
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("plugin folder " + folder + " holds no jar: package the plugin first "
                    + "(run this test after the package phase, e.g. as a failsafe *IT with ./mvnw verify)");
        }
        try {
            Path plugins = Files.createTempDirectory("tango-isolated-plugin");
            Path copy = Files.createDirectories(plugins.resolve(folder.getFileName()));
            for (Path jar : jars) {
                Files.copy(jar, copy.resolve(jar.getFileName()));
            }
            return new IsolatedPlugin(folder, plugins);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy plugin folder " + folder, e);
        }
    }

    private static List<Path> jars(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin folder " + folder, e);
        }
    }

    /** @return the packaged folder this plugin was copied from */
    public Path folder() {
        return folder;
    }

    /**
     * A runtime builder that loads this plugin only, from its folder (no class-path scan), strictly (a broken plugin
     * fails {@code build()}), with an empty environment; add the config and build.
     *
     * @return a fresh builder
     */
    public TangoRuntime.Builder runtimeBuilder() {
        return TangoRuntime.builder()
                .scanClassPath(false)
                .pluginDirectory(pluginsDirectory)
                .strict(true)
                .environment(Map.of());
    }

    /**
     * @param kind the kind of component
     * @param type the factory's type name
     * @return the factory, as loaded from the plugin folder (its class comes from the plugin's class loader)
     * @throws AssertionError if the folder provides no such factory, naming what it does provide
     */
    public TangoFactory<?> factory(ComponentKind kind, String type) {
        requireNonNull(kind, "kind is null");
        requireNonNull(type, "type is null");
        return discovery.factories().find(kind, type)
                .map(DiscoveredFactory::factory)
                .orElseThrow(() -> new AssertionError("plugin folder " + folder + " provides no " + kind.displayName() + " '"
                        + type + "': " + discovery.factories().unknownTypeMessage(kind, type)));
    }

    /** Closes the runtime the factories come from, then deletes the copied folder. */
    @Override
    public void close() {
        discovery.close();
        try (Stream<Path> files = Files.walk(pluginsDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + pluginsDirectory, e);
        }
    }
}
