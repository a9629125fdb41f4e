package io.tango.runtime;

import io.tango.api.LoadedModel;
import io.tango.api.InvalidConfigException;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.ModelServerProxy;
import io.tango.api.NotFoundException;
import io.tango.api.PluginLoadException;
import io.tango.api.TangoComponent;
import io.tango.api.config.ConfigProblem;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.ModelTrainer;
import io.tango.api.spi.TangoFactory;
import io.tango.api.spi.FactoryContext;
import io.tango.runtime.builtin.MultiModelFinderFactory;
import io.tango.runtime.builtin.MultiModelInitializerFactory;
import io.tango.runtime.config.ConfigDocument;
import io.tango.runtime.config.ConfigValidator;
import io.tango.runtime.config.InstanceConfig;
import io.tango.runtime.config.Suggestions;
import io.tango.runtime.plugin.ContextClassLoader;
import io.tango.runtime.plugin.DiscoveredFactory;
import io.tango.runtime.plugin.FactoryRegistry;
import io.tango.runtime.plugin.IsolatingProxy;
import io.tango.runtime.plugin.PluginClassLoader;
import io.tango.runtime.plugin.PluginDiscovery;
import io.tango.runtime.plugin.PluginReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An embeddable TANGO runtime: it discovers plugins, validates the configuration against their declared options, and
 * builds each configured component instance lazily — once per (kind, name), thread-safely — through its factory.
 *
 * <p>No static state: two runtimes in one JVM are independent. {@link #close()} closes every instance it built, in
 * reverse order of creation, then the plugin class loaders. Calls after close throw {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (TangoRuntime runtime = TangoRuntime.builder().configFile(Path.of("tango.yaml")).build()) {
 *     LoadedModel model = runtime.modelManager().load("iris");
 *     TangoResponse response = model.predict(request);
 * }
 * }</pre>
 */
public final class TangoRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TangoRuntime.class);
    private static final Pattern TARGET_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);
    /** The instance name used when none is given. */
    public static final String DEFAULT = "default";
    /** The type an implicit {@code default} instance gets when the document configures none and a factory has it. */
    public static final String LOCAL = "LOCAL";

    private final PluginReport report;
    private final FactoryRegistry registry;
    private final List<PluginClassLoader> classLoaders;
    private final Map<ComponentKind, Map<String, InstanceConfig>> configured;
    private final Map<InstanceKey, Instance> instances = new ConcurrentHashMap<>();
    private final Deque<TangoComponent> created = new ArrayDeque<>();
    private final ModelManager modelManager;
    private final FactoryContext context = new RuntimeContext();
    /** The instances this thread is creating, innermost first: a factory that needs itself fails instead of looping. */
    private final ThreadLocal<Deque<InstanceKey>> creating = ThreadLocal.withInitial(ArrayDeque::new);
    private volatile boolean closed;

    private TangoRuntime(Builder builder) {
        ConfigDocument document = builder.document.withEnvironment(builder.environment);
        ConfigValidator.PluginSettings settings = ConfigValidator.pluginSettings(document);
        List<Path> directories = new ArrayList<>(builder.pluginDirectories);
        directories.addAll(settings.directories());
        boolean strict = builder.strict || settings.strict();

        List<TangoFactory<?>> builtIns = List.of(
                new MultiModelFinderFactory(),
                new MultiModelInitializerFactory());
        PluginDiscovery.Result discovery = PluginDiscovery.discover(builder.hostClassLoader, builder.scanClassPath, directories, builtIns);
        this.report = discovery.report();
        this.registry = discovery.registry();
        this.classLoaders = discovery.classLoaders();
        try {
            List<String> problems = report.problems();
            if (strict && !problems.isEmpty()) {
                throw new PluginLoadException("strict plugin loading: " + problems.size() + " problem(s):\n  - "
                        + String.join("\n  - ", problems));
            }
            problems.forEach(problem -> log.warn("Plugin problem: {}", problem));
            this.configured = ConfigValidator.validate(document, registry);
        } catch (RuntimeException e) {
            closeClassLoaders();
            throw e;
        }
        this.modelManager = new ModelManager(this);
    }

    /** @return a builder for a runtime */
    public static Builder builder() {
        return new Builder();
    }

    /** @return what discovery found: plugins, providers, and their problems */
    public PluginReport pluginReport() {
        return report;
    }

    /** @return the usable factories by kind and type */
    public FactoryRegistry factories() {
        return registry;
    }

    /** @return the model manager over this runtime's components */
    public ModelManager modelManager() {
        checkOpen();
        return modelManager;
    }

    /** @return the finder of that instance name, built on first use */
    public ModelFinder finder(String name) {
        return component(ComponentKind.FINDER, name, ModelFinder.class);
    }

    /** @return the initializer of that instance name, built on first use */
    public ModelInitializer initializer(String name) {
        return component(ComponentKind.INITIALIZER, name, ModelInitializer.class);
    }

    /** @return the trainer of that instance name, built on first use */
    public ModelTrainer trainer(String name) {
        return component(ComponentKind.TRAINER, name, ModelTrainer.class);
    }

    /** @return the job predictor of that instance name, built on first use */
    public JobPredictor jobPredictor(String name) {
        return component(ComponentKind.JOB_PREDICTOR, name, JobPredictor.class);
    }

    /** @return the registry connector of that instance name, built on first use */
    public ModelRegistryConnector registry(String name) {
        return component(ComponentKind.REGISTRY, name, ModelRegistryConnector.class);
    }

    /** @return the model server proxy of that instance name, built on first use */
    public ModelServerProxy modelServer(String name) {
        return component(ComponentKind.MODEL_SERVER, name, ModelServerProxy.class);
    }

    /**
     * The deployment client for a target URI, chosen as MLflow does: the URI's scheme ({@code mlflow:/…}), or the
     * bare name ({@code local}). The name is first looked up among the configured {@code deployment_targets}, then
     * among the target types, whose instance is built with default config.
     *
     * @param targetUri {@code local}, {@code mlflow}, {@code mlflow:/suffix}, …
     * @return the client
     * @throws NotFoundException if no configured target or target type has that name, listing the known ones
     */
    public DeploymentClient deploymentClient(String targetUri) {
        requireNonNull(targetUri, "targetUri is null");
        Matcher scheme = TARGET_SCHEME.matcher(targetUri);
        String target = scheme.matches() ? scheme.group(1) : targetUri;
        if (target.isBlank()) {
            throw new NotFoundException("not a deployment target: '" + targetUri + "'. Targets look like 'local' or 'mlflow:/suffix'");
        }
        Set<String> names = deploymentTargets();
        if (configured.get(ComponentKind.DEPLOYMENT_TARGET).containsKey(target)
                || registry.find(ComponentKind.DEPLOYMENT_TARGET, target).isPresent()) {
            return component(ComponentKind.DEPLOYMENT_TARGET, target, DeploymentClient.class);
        }
        throw new NotFoundException("no deployment target '" + target + "'." + Suggestions.didYouMean(target, names)
                + (names.isEmpty() ? " No target is available: add a plugin that provides one." : " Known targets: " + String.join(", ", names)));
    }

    /** @return the configured deployment target names and the target types, sorted */
    public Set<String> deploymentTargets() {
        Set<String> names = new java.util.TreeSet<>(configured.get(ComponentKind.DEPLOYMENT_TARGET).keySet());
        registry.types(ComponentKind.DEPLOYMENT_TARGET).forEach(type -> names.add(type.toLowerCase(Locale.ROOT)));
        return names;
    }

    /**
     * @param kind a kind
     * @return the instance names usable for {@code kind}: the configured ones, plus {@code default} when a LOCAL
     *     factory provides it implicitly
     */
    public Set<String> instanceNames(ComponentKind kind) {
        Set<String> names = new LinkedHashSet<>(configured.get(requireNonNull(kind, "kind is null")).keySet());
        if (kind != ComponentKind.DEPLOYMENT_TARGET && !names.contains(DEFAULT) && registry.declares(kind, LOCAL)) {
            names.add(DEFAULT);
        }
        return names;
    }

    /** @return the validated configuration of every configured instance, by kind and name */
    public Map<ComponentKind, Map<String, InstanceConfig>> configuredInstances() {
        return configured;
    }

    /**
     * @param kind the component kind
     * @param name the instance name
     * @param type the component interface
     * @param <T> the component interface
     * @return the instance, built on first use
     * @throws InvalidConfigException if no instance of that name is configured (listing the configured ones), or its
     *     factory rejects its config
     */
    public <T extends TangoComponent> T component(ComponentKind kind, String name, Class<T> type) {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        checkOpen();
        Instance instance = instances.computeIfAbsent(new InstanceKey(kind, name), key -> new Instance());
        return type.cast(instance.get(() -> create(kind, name)));
    }

    private TangoComponent create(ComponentKind kind, String name) {
        InstanceKey key = new InstanceKey(kind, name);
        Deque<InstanceKey> creating = this.creating.get();
        if (creating.contains(key)) {
            List<String> cycle = new ArrayList<>();
            creating.descendingIterator().forEachRemaining(step -> cycle.add(step.describe()));
            cycle.add(key.describe());
            throw new InvalidConfigException(key.path(), "needs itself to be created: " + String.join(" -> ", cycle));
        }
        creating.push(key);
        try {
            return createOnce(kind, name);
        } finally {
            creating.pop();
        }
    }

    private TangoComponent createOnce(ComponentKind kind, String name) {
        InstanceConfig instance = configured.get(kind).get(name);
        if (instance == null) {
            instance = implicitInstance(kind, name);
        }
        DiscoveredFactory factory = registry.find(kind, instance.type())
                .orElseThrow(() -> new IllegalStateException("validated type vanished"));
        log.debug("Creating {} '{}' of type {} from {}", kind.displayName(), name, instance.type(), factory.location());
        TangoComponent component;
        try (ContextClassLoader ignored = ContextClassLoader.set(factory.classLoader())) {
            component = factory.factory().create(instance.config(), name, context);
        } catch (NoClassDefFoundError e) {
            PluginClassLoader.throwIfMissingClass(factory.classLoader(), e);
            throw e;
        }
        if (!kind.componentInterface().isInstance(component)) {
            throw new PluginLoadException(factory.describe() + " created " + (component == null ? "null" : component.getClass().getName())
                    + " for " + kind.displayName() + " '" + name + "', which is not a " + kind.componentInterface().getName());
        }
        if (factory.isolated()) {
            component = wrap(kind, component, factory.classLoader());
        }
        synchronized (created) {
            if (closed) {
                component.close();
                throw new IllegalStateException("the runtime was closed while '" + name + "' was being created");
            }
            created.push(component);
        }
        return component;
    }

    @SuppressWarnings("unchecked")
    private static <T extends TangoComponent> TangoComponent wrap(ComponentKind kind, TangoComponent component, ClassLoader loader) {
        return IsolatingProxy.wrap((Class<T>) kind.componentInterface(), (T) component, loader);
    }

    private InstanceConfig implicitInstance(ComponentKind kind, String name) {
        String path = ConfigValidator.MODEL_MANAGEMENT + "." + kind.section() + "." + name;
        String type;
        if (kind == ComponentKind.DEPLOYMENT_TARGET && registry.find(kind, name).isPresent()) {
            type = name;
        } else if (name.equals(DEFAULT) && kind != ComponentKind.DEPLOYMENT_TARGET && registry.find(kind, LOCAL).isPresent()) {
            type = LOCAL;
        } else {
            Set<String> names = instanceNames(kind);
            throw new InvalidConfigException(path, "no " + kind.displayName() + " named '" + name + "' is configured."
                    + Suggestions.didYouMean(name, names)
                    + (names.isEmpty() ? " None is configured." : " Configured " + kind.displayName() + "s: " + String.join(", ", names)));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<InstanceConfig> instance = validateImplicit(kind, name, type, problems);
        if (instance.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return instance.get();
    }

    private Optional<InstanceConfig> validateImplicit(ComponentKind kind, String name, String type, List<ConfigProblem> problems) {
        DiscoveredFactory factory = registry.find(kind, type).orElseThrow();
        String path = ConfigValidator.MODEL_MANAGEMENT + "." + kind.section() + "." + name + ".config";
        var config = ConfigValidator.validateOptions(path, factory.factory().options(), Map.of(), problems);
        return problems.isEmpty() ? Optional.of(new InstanceConfig(kind, name, factory.type(), config)) : Optional.empty();
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the TANGO runtime is closed");
        }
    }

    /** Closes every instance built, newest first, then the plugin class loaders. Idempotent. */
    @Override
    public void close() {
        List<TangoComponent> toClose;
        synchronized (created) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(created);
            created.clear();
        }
        modelManager.closeModels();
        for (TangoComponent component : toClose) {
            try {
                component.close();
            } catch (RuntimeException e) {
                log.warn("Closing {} failed", component, e);
            }
        }
        closeClassLoaders();
    }

    private void closeClassLoaders() {
        for (PluginClassLoader loader : classLoaders) {
            try {
                loader.close();
            } catch (IOException e) {
                log.warn("Closing the class loader of plugin {} failed", loader.pluginName(), e);
            }
        }
    }

    private record InstanceKey(ComponentKind kind, String name) {
        String path() {
            return ConfigValidator.MODEL_MANAGEMENT + "." + kind.section() + "." + name;
        }

        String describe() {
            return kind.displayName() + " '" + name + "'";
        }
    }

    /** @return the context this runtime gives its factories */
    FactoryContext factoryContext() {
        return context;
    }

    /** What factories see of this runtime: its named instances, created on first use. */
    private final class RuntimeContext implements FactoryContext {
        @Override
        public <C extends TangoComponent> C component(Class<C> kind, String instanceName) {
            requireNonNull(instanceName, "instanceName is null");
            return TangoRuntime.this.component(kindOf(kind), instanceName, kind);
        }

        @Override
        public Set<String> instanceNames(Class<? extends TangoComponent> kind) {
            return TangoRuntime.this.instanceNames(kindOf(kind));
        }

        private ComponentKind kindOf(Class<? extends TangoComponent> type) {
            requireNonNull(type, "kind is null");
            return Arrays.stream(ComponentKind.values())
                    .filter(kind -> kind.componentInterface() == type)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(type.getName() + " is not a component kind; "
                            + "the kinds are " + Arrays.stream(ComponentKind.values())
                                    .map(kind -> kind.componentInterface().getSimpleName())
                                    .collect(java.util.stream.Collectors.joining(", "))));
        }
    }

    /** Builds its component once; a failed build is not remembered, so the next call tries again. */
    private static final class Instance {
        private TangoComponent component;

        synchronized TangoComponent get(java.util.function.Supplier<TangoComponent> factory) {
            if (component == null) {
                component = factory.get();
            }
            return component;
        }
    }

    /** Builds a {@link TangoRuntime}; not thread-safe. */
    public static final class Builder {
        private ConfigDocument document = ConfigDocument.empty();
        private final List<Path> pluginDirectories = new ArrayList<>();
        private ClassLoader hostClassLoader = TangoRuntime.class.getClassLoader();
        private Map<String, String> environment = System.getenv();
        private boolean scanClassPath = true;
        private boolean strict;

        private Builder() {}

        /** Uses a parsed configuration document. */
        public Builder config(ConfigDocument document) {
            this.document = requireNonNull(document, "document is null");
            return this;
        }

        /** Uses a configuration given as plain maps (caikit's schema). */
        public Builder config(Map<String, ?> document) {
            return config(ConfigDocument.of(document));
        }

        /** Reads the configuration from a YAML or JSON file. */
        public Builder configFile(Path file) {
            return config(ConfigDocument.load(file));
        }

        /** Parses the configuration from YAML (or JSON) text. */
        public Builder configYaml(String yaml) {
            return config(ConfigDocument.parseYaml(yaml));
        }

        /** Adds a plugin directory: each sub-folder or loose jar in it is one isolated plugin. */
        public Builder pluginDirectory(Path directory) {
            pluginDirectories.add(requireNonNull(directory, "directory is null"));
            return this;
        }

        /** Sets the loader the API, SLF4J and class-path plugins come from (default: the runtime's own). */
        public Builder hostClassLoader(ClassLoader loader) {
            this.hostClassLoader = requireNonNull(loader, "loader is null");
            return this;
        }

        /** Sets the environment whose {@code TANGO__…} variables override config keys (default: the process's). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
            return this;
        }

        /** Whether to look for plugins on the host's class path (default true). */
        public Builder scanClassPath(boolean scan) {
            this.scanClassPath = scan;
            return this;
        }

        /** Makes any broken plugin or provider fail {@link #build()} instead of being reported (default false). */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * @return the runtime
         * @throws InvalidConfigException listing every configuration problem
         * @throws PluginLoadException in strict mode, if any plugin is broken or two declare the same type
         */
        public TangoRuntime build() {
            return new TangoRuntime(this);
        }
    }
}
