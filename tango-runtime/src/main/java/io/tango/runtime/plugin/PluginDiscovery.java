package io.tango.runtime.plugin;

import io.tango.api.PluginLoadException;
import io.tango.api.spi.TangoFactory;
import io.tango.runtime.ComponentKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Finds every factory through {@link ServiceLoader} — never by scanning classes — on the host's class path and in
 * plugin directories, where each sub-folder (all the jars below it) or loose jar is one plugin with its own
 * {@link PluginClassLoader}.
 *
 * <p>A broken provider (a bad {@code META-INF/services} line, a missing class, a failing static initializer or
 * constructor, a throwing {@code type()}) is reported and never hides the others. Two providers declaring the same
 * type for the same kind are both marked duplicate, and that type alone is unusable until one goes. A directory
 * named twice, or reached through a symbolic link, is read once.
 */
public final class PluginDiscovery {
    /** The plugin name of providers on the host's class path. */
    public static final String CLASS_PATH = "class path";
    /** The plugin name of the runtime's own providers. */
    public static final String BUILT_IN = "built-in";

    private static final Logger log = LoggerFactory.getLogger(PluginDiscovery.class);
    private static final Pattern PROVIDER = Pattern.compile("Provider ([\\w.$]+)");
    private static final int MAX_CONSECUTIVE_ERRORS = 100;

    private PluginDiscovery() {}

    /**
     * The outcome of discovery: the report, the usable factories, and the class loaders to close with the runtime.
     *
     * @param report everything found
     * @param registry the usable factories
     * @param classLoaders the plugin class loaders created
     */
    public record Result(PluginReport report, FactoryRegistry registry, List<PluginClassLoader> classLoaders) {
        public Result {
            requireNonNull(report, "report is null");
            requireNonNull(registry, "registry is null");
            classLoaders = List.copyOf(requireNonNull(classLoaders, "classLoaders is null"));
        }
    }

    /**
     * @param hostClassLoader the host's loader: class-path providers and the API come from it
     * @param scanClassPath whether to look for providers on the host's class path
     * @param pluginDirectories plugin directories, each holding plugin folders and loose plugin jars
     * @param builtIns the runtime's own factories
     * @return what was found
     * @throws PluginLoadException if a plugin directory does not exist
     */
    public static Result discover(
            ClassLoader hostClassLoader,
            boolean scanClassPath,
            List<Path> pluginDirectories,
            List<TangoFactory<?>> builtIns) {
        requireNonNull(hostClassLoader, "hostClassLoader is null");
        requireNonNull(pluginDirectories, "pluginDirectories is null");
        requireNonNull(builtIns, "builtIns is null");
        long start = System.nanoTime();

        List<PluginInfo> plugins = new ArrayList<>();
        List<PluginClassLoader> loaders = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        List<ProviderReport> failures = new ArrayList<>();
        // The jars checked while opening the plugins stay open until the loaders have read them too: the JDK shares one
        // parsed central directory among the open handles of a file, so each jar's directory is read once, not twice.
        List<JarFile> checked = new ArrayList<>();
        try {
            Set<Path> opened = new HashSet<>();
            for (Path directory : distinctDirectories(pluginDirectories)) {
                openPlugins(directory, hostClassLoader, opened, plugins, loaders, checked);
            }
            for (ComponentKind kind : ComponentKind.values()) {
                for (TangoFactory<?> builtIn : builtIns) {
                    if (kind.factoryInterface().isInstance(builtIn)) {
                        found.add(new Found(new DiscoveredFactory(kind, builtIn, "tango-runtime", BUILT_IN, hostClassLoader, false)));
                    }
                }
                if (scanClassPath) {
                    load(kind, hostClassLoader, CLASS_PATH, false, found, failures);
                }
                for (PluginClassLoader loader : loaders) {
                    load(kind, loader, loader.pluginName(), true, found, failures);
                }
            }
        } finally {
            closeAll(checked);
        }

        Map<ComponentKind, Map<String, List<Found>>> byType = new EnumMap<>(ComponentKind.class);
        for (Found candidate : found) {
            byType.computeIfAbsent(candidate.factory.kind(), kind -> new LinkedHashMap<>())
                    .computeIfAbsent(FactoryRegistry.normalize(candidate.factory.type()), type -> new ArrayList<>())
                    .add(candidate);
        }
        List<DiscoveredFactory> usable = new ArrayList<>();
        List<ProviderReport> providers = new ArrayList<>(failures);
        Map<ComponentKind, Map<String, String>> duplicates = new EnumMap<>(ComponentKind.class);
        byType.forEach((kind, types) -> types.forEach((type, candidates) -> {
            if (candidates.size() == 1) {
                usable.add(candidates.get(0).factory);
                providers.add(candidates.get(0).report(ProviderStatus.LOADED, Optional.empty()));
                return;
            }
            String clash = "duplicate " + kind.displayName() + " type '" + candidates.get(0).factory.type()
                    + "': declared by " + candidates.stream().map(c -> c.factory.describe()).collect(Collectors.joining(" and "))
                    + ". Remove all but one of: " + candidates.stream().map(c -> c.factory.source()).distinct().collect(Collectors.joining(", "))
                    + ".";
            duplicates.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(type, clash);
            candidates.forEach(candidate -> providers.add(candidate.report(ProviderStatus.DUPLICATE, Optional.of(clash))));
        }));
        providers.sort(Comparator.comparing(ProviderReport::kind)
                .thenComparing(report -> report.type().orElse(""))
                .thenComparing(ProviderReport::className));

        Set<ClassLoader> serving = usable.stream().map(DiscoveredFactory::classLoader).collect(Collectors.toSet());
        plugins.replaceAll(plugin -> plugin.error().isEmpty() && !loaderOf(plugin, loaders).map(serving::contains).orElse(false)
                ? plugin.withoutLoadedProviders()
                : plugin);
        PluginReport report = new PluginReport(plugins, providers);
        log.debug("Discovered {} providers in {} plugins in {} ms",
                providers.size(), plugins.size(), (System.nanoTime() - start) / 1_000_000);
        return new Result(report, new FactoryRegistry(usable, duplicates), loaders);
    }

    private static void closeAll(List<JarFile> jars) {
        for (JarFile jar : jars) {
            try {
                jar.close();
            } catch (IOException e) {
                log.debug("Could not close {}", jar.getName(), e);
            }
        }
    }

    private static Optional<PluginClassLoader> loaderOf(PluginInfo plugin, List<PluginClassLoader> loaders) {
        return loaders.stream().filter(loader -> loader.location().toString().equals(plugin.location())).findFirst();
    }

    private record Found(DiscoveredFactory factory) {
        ProviderReport report(ProviderStatus status, Optional<String> error) {
            return new ProviderReport(
                    factory.kind(),
                    Optional.of(factory.type()),
                    factory.factory().getClass().getName(),
                    factory.location(),
                    factory.plugin(),
                    status,
                    error,
                    description(factory.factory()));
        }
    }

    private static String description(TangoFactory<?> factory) {
        try {
            return factory.description();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static void load(
            ComponentKind kind,
            ClassLoader loader,
            String plugin,
            boolean isolated,
            List<Found> found,
            List<ProviderReport> failures) {
        Iterator<? extends TangoFactory<?>> providers;
        try (ContextClassLoader ignored = ContextClassLoader.set(loader)) {
            providers = ServiceLoader.load(kind.factoryInterface(), loader).iterator();
            int consecutiveErrors = 0;
            while (consecutiveErrors < MAX_CONSECUTIVE_ERRORS) {
                try {
                    if (!providers.hasNext()) {
                        break;
                    }
                    TangoFactory<?> factory = providers.next();
                    consecutiveErrors = 0;
                    String location = locationOf(factory.getClass(), plugin);
                    String type;
                    try {
                        type = factory.type();
                    } catch (RuntimeException | LinkageError e) {
                        failures.add(failed(kind, factory.getClass().getName(), location, plugin, "type() failed: " + e));
                        continue;
                    }
                    if (type == null || type.isBlank()) {
                        failures.add(failed(kind, factory.getClass().getName(), location, plugin, "type() returned no name"));
                        continue;
                    }
                    found.add(new Found(new DiscoveredFactory(kind, factory, location, plugin, loader, isolated)));
                } catch (ServiceConfigurationError | LinkageError e) {
                    consecutiveErrors++;
                    String className = providerClass(e).orElse("");
                    String location = className.isEmpty() ? plugin : servicesFileOf(loader, kind, className).orElse(plugin);
                    failures.add(failed(kind, className, location, plugin, explain(e)));
                }
            }
        }
    }

    private static ProviderReport failed(ComponentKind kind, String className, String location, String plugin, String error) {
        return new ProviderReport(kind, Optional.empty(), className, location, plugin, ProviderStatus.FAILED, Optional.of(error), "");
    }

    private static String explain(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        Throwable cause = error.getCause();
        while (cause != null) {
            String hint = cause instanceof ExceptionInInitializerError
                    ? "its static initializer failed"
                    : cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException
                            ? "a class it needs is missing from the plugin: " + cause.getMessage()
                            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            text.append("; ").append(hint);
            cause = cause.getCause();
        }
        return text.toString();
    }

    private static Optional<String> providerClass(Throwable error) {
        Matcher matcher = PROVIDER.matcher(String.valueOf(error.getMessage()));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static Optional<String> servicesFileOf(ClassLoader loader, ComponentKind kind, String className) {
        try {
            Enumeration<URL> files = loader.getResources("META-INF/services/" + kind.factoryInterface().getName());
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
                    if (reader.lines().map(line -> line.replaceAll("#.*", "").trim()).anyMatch(className::equals)) {
                        return Optional.of(jarOf(file));
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Could not read services files of {}", loader, e);
        }
        return Optional.empty();
    }

    private static String jarOf(URL url) {
        String text = url.toString();
        if (text.startsWith("jar:file:")) {
            return text.substring("jar:file:".length(), text.indexOf("!/"));
        }
        return text;
    }

    private static String locationOf(Class<?> type, String plugin) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return plugin;
        }
        String location = source.getLocation().toString();
        return location.startsWith("file:") ? Path.of(java.net.URI.create(location)).toString() : location;
    }

    /**
     * The same directory named twice — the distribution's {@code plugins/}, a config's {@code plugins.directories} and
     * {@code --plugin-dir}, or one of them through a symbolic link — is one directory: its plugins load once.
     *
     * @param directories plugin directories, in order
     * @return the first of each set of directories with the same real path, in order
     * @throws PluginLoadException if a directory does not exist
     */
    public static List<Path> distinctDirectories(List<Path> directories) {
        Set<Path> seen = new HashSet<>();
        List<Path> distinct = new ArrayList<>();
        for (Path directory : requireNonNull(directories, "directories is null")) {
            if (!Files.isDirectory(directory)) {
                throw new PluginLoadException("plugin directory " + directory + " does not exist or is not a directory");
            }
            if (seen.add(realPath(directory))) {
                distinct.add(directory);
            }
        }
        return distinct;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            // A dangling link reaches nothing twice; the listing skips or reports it like any other entry.
            return path.toAbsolutePath().normalize();
        }
    }

    private static void openPlugins(
            Path directory,
            ClassLoader hostClassLoader,
            Set<Path> opened,
            List<PluginInfo> plugins,
            List<PluginClassLoader> loaders,
            List<JarFile> checked) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(directory)) {
            entries = list.sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new PluginLoadException("cannot list plugin directory " + directory + ": " + e.getMessage(), e);
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".") || !opened.add(realPath(entry))) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                List<Path> jars = jarsBelow(entry);
                if (jars.isEmpty()) {
                    plugins.add(new PluginInfo(name, entry.toString(), List.of(), Optional.of("the folder holds no jar"), false));
                    continue;
                }
                openPlugin(name, entry, jars, hostClassLoader, plugins, loaders, checked);
            } else if (name.endsWith(".jar")) {
                openPlugin(name.substring(0, name.length() - ".jar".length()), entry, List.of(entry), hostClassLoader, plugins, loaders, checked);
            }
        }
    }

    private static List<Path> jarsBelow(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(path -> path.getFileName().toString().endsWith(".jar") && Files.isRegularFile(path))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openPlugin(
            String name,
            Path location,
            List<Path> jars,
            ClassLoader hostClassLoader,
            List<PluginInfo> plugins,
            List<PluginClassLoader> loaders,
            List<JarFile> checked) {
        List<String> jarNames = jars.stream().map(Path::toString).collect(Collectors.toList());
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                checked.add(new JarFile(jar.toFile()));
                urls.add(jar.toUri().toURL());
            } catch (IOException e) {
                plugins.add(new PluginInfo(name, location.toString(), jarNames,
                        Optional.of("cannot read jar " + jar + ": " + e.getMessage()), false));
                return;
            }
        }
        plugins.add(new PluginInfo(name, location.toString(), jarNames, Optional.empty(), true));
        loaders.add(new PluginClassLoader(name, location, urls, hostClassLoader));
    }
}
