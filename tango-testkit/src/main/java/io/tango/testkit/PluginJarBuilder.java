package io.tango.testkit;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Builds a plugin jar at test time from Java sources (Kafka Connect's {@code TestPlugins}): the sources are compiled
 * against the test's class path (so the TANGO API is there), and the jar gets {@code META-INF/services} entries,
 * extra resources and a manifest as asked — including broken ones, to test how discovery reports them.
 *
 * <pre>{@code
 * Path jar = PluginJarBuilder.named("hello")
 *         .source("com.example.HelloFinderFactory", "package com.example; public class HelloFinderFactory implements …")
 *         .service(ModelFinderFactory.class, "com.example.HelloFinderFactory")
 *         .build(pluginDir.resolve("hello.jar"));
 * }</pre>
 *
 * Not thread-safe; each builder builds one jar.
 */
public final class PluginJarBuilder {
    private final String name;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    private final List<Path> classPath = new ArrayList<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();

    private PluginJarBuilder(String name) {
        this.name = requireNonNull(name, "name is null");
    }

    /**
     * @param name the plugin's name, for messages
     * @return a builder
     */
    public static PluginJarBuilder named(String name) {
        return new PluginJarBuilder(name);
    }

    /** Adds a Java source to compile, by its fully qualified class name. */
    public PluginJarBuilder source(String className, String code) {
        sources.put(requireNonNull(className, "className is null"), requireNonNull(code, "code is null"));
        return this;
    }

    /** Registers a provider class under a service interface in {@code META-INF/services}. */
    public PluginJarBuilder service(Class<?> serviceInterface, String providerClassName) {
        services.computeIfAbsent(requireNonNull(serviceInterface, "serviceInterface is null").getName(), key -> new ArrayList<>())
                .add(requireNonNull(providerClassName, "providerClassName is null"));
        return this;
    }

    /** Writes a services file with exactly this text (e.g. a malformed one). */
    public PluginJarBuilder rawServiceFile(Class<?> serviceInterface, String text) {
        return resource("META-INF/services/" + serviceInterface.getName(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a resource (any file) to the jar. */
    public PluginJarBuilder resource(String path, byte[] content) {
        resources.put(requireNonNull(path, "path is null"), requireNonNull(content, "content is null").clone());
        return this;
    }

    /** Adds jars or folders to compile against, beyond the test's own class path (e.g. a library jar built before). */
    public PluginJarBuilder classPath(Path entry) {
        classPath.add(requireNonNull(entry, "entry is null"));
        return this;
    }

    /** Adds a main manifest attribute. */
    public PluginJarBuilder manifestAttribute(String key, String value) {
        manifest.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return this;
    }

    /**
     * Compiles and writes the jar.
     *
     * @param jarFile where to write it; its folder is created
     * @return {@code jarFile}
     * @throws IllegalStateException if the sources do not compile, with the compiler's messages
     */
    public Path build(Path jarFile) {
        requireNonNull(jarFile, "jarFile is null");
        try {
            Path classes = Files.createTempDirectory("tango-plugin-" + name);
            try {
                compile(classes);
                if (jarFile.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(jarFile.toAbsolutePath().getParent());
                }
                writeJar(classes, jarFile);
                return jarFile;
            } finally {
                deleteTree(classes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build plugin jar " + jarFile, e);
        }
    }

    private void compile(Path classes) throws IOException {
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler: run the tests on a JDK, not a JRE");
        }
        Path sourceRoot = Files.createTempDirectory("tango-plugin-src-" + name);
        try {
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                files.add(file);
            }
            String path = Stream.concat(
                            Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                            classPath.stream().map(Path::toString))
                    .collect(Collectors.joining(java.io.File.pathSeparator));
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
                List<String> options = List.of("-d", classes.toString(), "-classpath", path, "--release", "17", "-proc:none");
                boolean ok = compiler.getTask(null, fileManager, diagnostics, options, null,
                        fileManager.getJavaFileObjectsFromPaths(files)).call();
                if (!ok) {
                    throw new IllegalStateException("plugin " + name + " does not compile:\n" + diagnostics.getDiagnostics().stream()
                            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                            .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
                            .collect(Collectors.joining("\n")));
                }
            }
        } finally {
            deleteTree(sourceRoot);
        }
    }

    private void writeJar(Path classes, Path jarFile) throws IOException {
        Manifest jarManifest = new Manifest();
        jarManifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((key, value) -> jarManifest.getMainAttributes().putValue(key, value));
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out, jarManifest)) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                    put(jar, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
            for (Map.Entry<String, List<String>> service : services.entrySet()) {
                put(jar, "META-INF/services/" + service.getKey(), (String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
                put(jar, resource.getKey(), resource.getValue());
            }
        }
    }

    private static void put(JarOutputStream jar, String path, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(path));
        jar.write(content);
        jar.closeEntry();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        }
    }
}
