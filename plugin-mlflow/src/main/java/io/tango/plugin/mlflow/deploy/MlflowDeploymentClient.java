package io.tango.plugin.mlflow.deploy;

import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.RetrySettings;
import io.tango.plugin.mlflow.scoring.LocalScoringServers;
import io.tango.plugin.mlflow.scoring.MlflowScoringInitializer;
import io.tango.plugin.mlflow.scoring.MlflowScoringModel;
import io.tango.plugin.mlflow.scoring.MlflowScoringServerProxy;
import io.tango.plugin.mlflow.scoring.ProcessStat;
import io.tango.plugin.mlflow.scoring.ScoringInputFormat;
import io.tango.plugin.mlflow.scoring.ScoringServerLauncher;
import io.tango.plugin.mlflow.scoring.ScoringServerProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Deployment target {@value #TARGET}: a deployment is an {@code mlflow models serve} scoring server this client starts
 * on 127.0.0.1 for a model URI, blocking until its {@code /ping} answers (see {@link #targetHelp()}).
 *
 * <p>Deployments are recorded on disk (one JSON file each in the state folder: pid, start time, process group, port,
 * log file), so {@link #getDeployment} and {@link #listDeployments} report them also from another client or process:
 * {@code READY} while the recorded process runs (the same one: same start time) and answers {@code /ping},
 * {@code PENDING} while it runs but does not answer yet, {@code STOPPED} once it is gone (the details' {@code error}
 * names its log). {@link #updateDeployment} starts the new server before it stops the old one. Changes to one name
 * are serialized within this client; two clients sharing a state folder are not coordinated. Thread-safe.
 *
 * <p>With {@code stop_on_close} (the default) the servers are this client's: {@link #close()} and the JVM's end stop
 * them. Without it they are started detached ({@link ScoringServerLauncher#startDetached}: a session and process
 * group of their own) and outlive the client and its JVM until {@link #deleteDeployment}, which stops the process and
 * what is left in its process group.
 */
public final class MlflowDeploymentClient implements DeploymentClient {
    /** The target's name. */
    public static final String TARGET = "mlflow";

    private static final Logger LOG = LoggerFactory.getLogger(MlflowDeploymentClient.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> CONFIG_KEYS = Set.of("port", "env_manager", "workers", "input_format");
    private static final Set<String> ENV_MANAGERS = Set.of("local", "virtualenv", "uv", "conda");
    private static final String PYFUNC = "python_function";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final DeploymentSettings settings;
    private final DeploymentStore store;
    private final ScoringServerLauncher launcher;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<Long, ScoringServerProcess> started = new ConcurrentHashMap<>();
    private final Thread shutdownHook;

    /**
     * @param settings how scoring servers are run; with {@code stopOnClose}, a JVM shutdown hook also stops the
     *     servers if the JVM exits before {@link #close()}
     */
    public MlflowDeploymentClient(DeploymentSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        this.store = new DeploymentStore(settings.stateDir().resolve("deployments"));
        this.launcher = new ScoringServerLauncher(settings.mlflowCommand(),
                ScoringServerLauncher.trackingVariables(settings.tracking()), settings.startupTimeout());
        if (settings.stopOnClose()) {
            this.shutdownHook = new Thread(this::stopStarted, "tango-mlflow-deployments-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    @Override
    public String target() {
        return TARGET;
    }

    @Override
    public Deployment createDeployment(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
        checkName(name);
        requireNonNull(modelUri, "modelUri is null");
        checkFlavor(requireNonNull(flavor, "flavor is null"));
        ServerOptions options = ServerOptions.of(requireNonNull(config, "config is null"), settings, Optional.empty());
        synchronized (lock(name)) {
            if (store.read(name).isPresent()) {
                throw new DeploymentAlreadyExistsException("deployment '" + name + "' already exists on target '"
                        + TARGET + "'; update it, or delete it first");
            }
            ScoringServerProcess process = start(name, modelUri, options);
            String now = Instant.now().toString();
            DeploymentRecord record = record(name, modelUri, flavor.orElse(null), options, process, now, now);
            try {
                store.write(record);
            } catch (RuntimeException e) {
                stop(process);
                throw e;
            }
            return toDeployment(record);
        }
    }

    @Override
    public Deployment updateDeployment(
            String name, Optional<String> modelUri, Optional<String> flavor, Map<String, String> config) {
        checkName(name);
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(config, "config is null");
        if (flavor.isPresent() && modelUri.isEmpty()) {
            throw new InvalidRequestException("a flavor needs a model URI: give model_uri together with flavor '"
                    + flavor.get() + "'");
        }
        checkFlavor(flavor);
        synchronized (lock(name)) {
            DeploymentRecord old = store.read(name).orElseThrow(() -> notFound(name));
            ServerOptions options = ServerOptions.of(config, settings, Optional.of(old));
            if (old.liveProcess().isPresent() && config.containsKey("port") && options.port() == old.port()) {
                throw new InvalidRequestException("deployment '" + name + "' already serves on port " + old.port()
                        + "; an update starts the new server before it stops the old one, so give another port");
            }
            String uri = modelUri.orElse(old.modelUri());
            ScoringServerProcess process = start(name, uri, options);
            DeploymentRecord record = record(name, uri, flavor.or(old::flavorIfAny).orElse(null), options, process,
                    old.created(), Instant.now().toString());
            try {
                store.write(record);
            } catch (RuntimeException e) {
                stop(process);
                throw e;
            }
            stop(old);
            LOG.info("Updated deployment '{}' to {} on {} (old server pid {} stopped)", name, uri, process.url(), old.pid());
            return toDeployment(record);
        }
    }

    @Override
    public void deleteDeployment(String name, Map<String, String> config) {
        checkName(name);
        requireNonNull(config, "config is null");
        synchronized (lock(name)) {
            Optional<DeploymentRecord> record = store.read(name);
            if (record.isEmpty()) {
                LOG.debug("Deployment '{}' does not exist; nothing to delete", name);
                return;
            }
            stop(record.get());
            store.delete(name);
            LOG.info("Deleted deployment '{}'", name);
        }
    }

    @Override
    public Deployment getDeployment(String name) {
        checkName(name);
        return toDeployment(store.read(name).orElseThrow(() -> notFound(name)));
    }

    @Override
    public List<Deployment> listDeployments() {
        List<Deployment> deployments = new ArrayList<>();
        for (DeploymentRecord record : store.readAll()) {
            deployments.add(toDeployment(record));
        }
        return deployments;
    }

    @Override
    public TangoResponse predict(String deploymentName, TangoRequest inputs) {
        requireNonNull(inputs, "inputs is null");
        checkName(deploymentName);
        DeploymentRecord record = store.read(deploymentName).orElseThrow(() -> notFound(deploymentName));
        Deployment deployment = toDeployment(record);
        if (deployment.state() != DeploymentState.READY) {
            String state = deployment.state() == DeploymentState.STOPPED
                    ? "STOPPED: " + notRunning(record)
                    : deployment.state().name();
            throw new RemoteServiceException("deployment '" + deploymentName + "' on target '" + TARGET + "'", null,
                    null, deployment.state() == DeploymentState.PENDING, "it does not serve (state " + state
                    + "); update it to start its scoring server again");
        }
        URI url = deployment.url().orElseThrow();
        ModelDescriptor descriptor = ModelDescriptor.builder(ModelKey.of(record.modelUri()), deploymentName,
                        MlflowScoringInitializer.FORMAT)
                .endpoint(url)
                .origin("deployment target " + TARGET)
                .build();
        MlflowScoringServerProxy proxy = new MlflowScoringServerProxy(url, HttpAuth.none(),
                settings.connectTimeout(), settings.requestTimeout(), RetrySettings.NONE);
        ScoringInputFormat format = ScoringInputFormat.fromKey(record.inputFormat()).orElse(settings.inputFormat());
        try (MlflowScoringModel model = new MlflowScoringModel(descriptor, proxy, format, Optional.empty(),
                "deployments do not explain", List.of())) {
            return model.predict(inputs);
        }
    }

    @Override
    public TangoResponse explain(String deploymentName, TangoRequest inputs) {
        throw new UnsupportedTangoOperationException("deployment target '" + TARGET + "' does not support explain: an "
                + "MLflow scoring server only predicts; load the model with TANGO and ask its explainer()");
    }

    /**
     * Serves a model in the foreground: starts the scoring server, logs its URL, and blocks until the calling thread
     * is interrupted, also while the server starts (then stops the server and returns, the interrupt flag set again),
     * or the server exits (then throws, with the end of its log). Nothing is recorded.
     */
    @Override
    public void runLocal(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
        checkName(name);
        requireNonNull(modelUri, "modelUri is null");
        checkFlavor(requireNonNull(flavor, "flavor is null"));
        ServerOptions options = ServerOptions.of(requireNonNull(config, "config is null"), settings, Optional.empty());
        ScoringServerProcess process;
        try {
            process = launcher.start("local deployment '" + name + "'", modelUri, options.port(),
                    options.envManager(), options.workers(), logFile(name));
        } catch (TangoException e) {
            if (Thread.currentThread().isInterrupted()) {
                LOG.info("Local deployment '{}' was interrupted while starting; its server is stopped", name);
                return;
            }
            throw e;
        }
        started.put(process.pid(), process);
        LOG.info("Serving {} as local deployment '{}' at {}; interrupt to stop", modelUri, name, process.url());
        try {
            process.handle().onExit().get();
            throw new RemoteServiceException("mlflow models serve", null, null, false, "the scoring server of local "
                    + "deployment '" + name + "' exited. Last lines of its log " + process.logFile()
                    + ":\n" + process.logTail(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("Stopping local deployment '{}'", name);
        } catch (ExecutionException e) {
            throw new TangoException("waiting for local deployment '" + name + "' failed", e);
        } finally {
            stop(process);
        }
    }

    @Override
    public String targetHelp() {
        return """
                Target 'mlflow': each deployment is an MLflow scoring server ('mlflow models serve -m <model-uri> \
                --env-manager local -h 127.0.0.1 -p <port>') that this client starts on 127.0.0.1 and waits for \
                until GET /ping answers (or startup_timeout passes: then the server is stopped and the error shows \
                the end of its log).
                Target URI: mlflow
                Model URIs: whatever 'mlflow models serve' accepts: models:/<name>/<version>, models:/<name>@<alias>, \
                models:/<name>/latest, models:/<model-id>, runs:/<run-id>/<path>, or a local model folder. The \
                server gets MLFLOW_TRACKING_URI (and MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD) \
                from this target's config or environment, so models:/ URIs resolve.
                Flavor: python_function (the default; no other flavor can be served).
                Deployment config keys (create, update, run-local): port (default: a free port), env_manager \
                (local|virtualenv|uv|conda, default local), workers (default 1), input_format \
                (auto|dataframe_split|dataframe_records|instances|inputs, default auto: a table of columns is sent as \
                dataframe_split, anything else as inputs).
                Target config options: mlflow_command (the mlflow executable, default 'mlflow' on PATH), state_dir \
                (records and logs), env_manager, workers, startup_timeout, timeout, input_format, \
                stop_on_close, tracking_uri, tracking_token, tracking_username, tracking_password.
                Deployments are recorded in state_dir (pid, start time, process group, port, log file), so any \
                later process finds them: get and list report READY (serving), PENDING (starting) or STOPPED (its \
                process is gone; the error detail names its log). update starts the new server before stopping the \
                old one. delete is idempotent; it stops the server and what is left in its process group. predict \
                posts to the server's /invocations. explain is not supported. run-local serves in the foreground \
                until interrupted.
                Lifetime: with stop_on_close true (the default) closing this client stops the servers it started; \
                with stop_on_close false (the tango command line's configuration) each server is started through \
                setsid, in a session and process group of its own, and runs until the deployment is deleted.""";
    }

    /** Stops the servers this client started, unless {@code stop_on_close} is false: then they run on, detached. */
    @Override
    public void close() {
        if (!settings.stopOnClose()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook stops the servers
            return;
        }
        stopStarted();
    }

    private void stopStarted() {
        for (ScoringServerProcess process : new ArrayList<>(started.values())) {
            started.remove(process.pid());
            process.close();
        }
    }

    private ScoringServerProcess start(String name, String modelUri, ServerOptions options) {
        String what = "deployment '" + name + "'";
        ScoringServerProcess process = settings.stopOnClose()
                ? launcher.start(what, modelUri, options.port(), options.envManager(), options.workers(), logFile(name))
                : launcher.startDetached(what, modelUri, options.port(), options.envManager(), options.workers(),
                        logFile(name));
        started.put(process.pid(), process);
        return process;
    }

    /** Stops a recorded server, when it still runs, and what is left in its process group. */
    private void stop(DeploymentRecord record) {
        List<ProcessHandle> processes = record.serverProcesses();
        ScoringServerProcess ours = started.remove(record.pid());
        if (ours != null && record.liveProcess().isPresent()) {
            ours.close();
        } else if (!processes.isEmpty()) {
            ScoringServerProcess.stopTrees(processes, STOP_GRACE);
        }
    }

    private void stop(ScoringServerProcess process) {
        started.remove(process.pid());
        process.close();
    }

    private Path logFile(String name) {
        return settings.stateDir().resolve("logs").resolve(name + "-" + STAMP.format(Instant.now()) + ".log");
    }

    private static DeploymentRecord record(
            String name, String modelUri, String flavor, ServerOptions options, ScoringServerProcess process,
            String created, String updated) {
        long processStart = process.handle().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        long processStartTicks = ProcessStat.of(process.pid()).map(ProcessStat::startTicks).orElse(0L);
        return new DeploymentRecord(name, modelUri, flavor, options.port(), process.pid(), processStart,
                processStartTicks, process.processGroup(),
                process.logFile().toString(), options.envManager(), options.workers(), options.inputFormat().key(),
                created, updated);
    }

    private Deployment toDeployment(DeploymentRecord record) {
        URI url = URI.create("http://127.0.0.1:" + record.port());
        DeploymentState state;
        if (record.liveProcess().isEmpty()) {
            state = DeploymentState.STOPPED;
        } else {
            // A ping answers at once when the server is up; a hung server must not stall get and list.
            try (MlflowScoringServerProxy proxy = new MlflowScoringServerProxy(url, HttpAuth.none(),
                    settings.connectTimeout(), settings.connectTimeout(), RetrySettings.NONE)) {
                state = proxy.ping() ? DeploymentState.READY : DeploymentState.PENDING;
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("port", Integer.toString(record.port()));
        details.put("pid", Long.toString(record.pid()));
        if (record.processGroup() > 0) {
            details.put("process_group", Long.toString(record.processGroup()));
        }
        details.put("env_manager", record.envManager());
        details.put("workers", Integer.toString(record.workers()));
        details.put("input_format", record.inputFormat());
        details.put("log_file", record.logFile());
        details.put("created", record.created());
        details.put("updated", record.updated());
        if (state == DeploymentState.STOPPED) {
            details.put("error", notRunning(record) + "; update the deployment to start a new one");
        }
        return new Deployment(record.name(), TARGET, record.modelUri(), record.flavorIfAny(), state,
                state == DeploymentState.STOPPED ? Optional.empty() : Optional.of(url), details);
    }

    private static String notRunning(DeploymentRecord record) {
        return "its scoring server (pid " + record.pid() + ") is not running; its log is " + record.logFile();
    }

    private Object lock(String name) {
        return locks.computeIfAbsent(name, key -> new Object());
    }

    private static void checkName(String name) {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRequestException("deployment name '" + name + "' must be 1 to 128 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit");
        }
    }

    private static void checkFlavor(Optional<String> flavor) {
        if (flavor.isPresent() && !flavor.get().equals(PYFUNC)) {
            throw new InvalidRequestException("flavor '" + flavor.get() + "' cannot be served by target '" + TARGET
                    + "': an MLflow scoring server serves the " + PYFUNC + " flavor only");
        }
    }

    private static DeploymentNotFoundException notFound(String name) {
        return new DeploymentNotFoundException("deployment '" + name + "' does not exist on target '" + TARGET + "'");
    }

    /** The per-deployment settings: the deployment's config over the recorded ones over the target's. */
    private record ServerOptions(int port, String envManager, int workers, ScoringInputFormat inputFormat) {
        static ServerOptions of(Map<String, String> config, DeploymentSettings settings, Optional<DeploymentRecord> old) {
            for (String key : config.keySet()) {
                if (!CONFIG_KEYS.contains(key)) {
                    throw new InvalidRequestException("unknown deployment config key '" + key + "' for target '"
                            + TARGET + "'; known keys: " + new java.util.TreeSet<>(CONFIG_KEYS));
                }
            }
            int port = config.containsKey("port")
                    ? integer(config, "port", 1, 65535)
                    : LocalScoringServers.freePort();
            String envManager = config.getOrDefault("env_manager",
                    old.map(DeploymentRecord::envManager).orElse(settings.envManager()));
            if (!ENV_MANAGERS.contains(envManager)) {
                throw new InvalidRequestException("env_manager '" + envManager + "' is not one of "
                        + new java.util.TreeSet<>(ENV_MANAGERS));
            }
            int workers = config.containsKey("workers")
                    ? integer(config, "workers", 1, 64)
                    : old.map(DeploymentRecord::workers).orElse(settings.workers());
            ScoringInputFormat inputFormat;
            if (config.containsKey("input_format")) {
                inputFormat = ScoringInputFormat.fromKey(config.get("input_format")).orElseThrow(() ->
                        new InvalidRequestException("input_format '" + config.get("input_format") + "' is not one of "
                                + "auto, dataframe_split, dataframe_records, instances, inputs"));
            } else {
                inputFormat = old.flatMap(record -> ScoringInputFormat.fromKey(record.inputFormat()))
                        .orElse(settings.inputFormat());
            }
            return new ServerOptions(port, envManager, workers, inputFormat);
        }

        private static int integer(Map<String, String> config, String key, int min, int max) {
            try {
                int value = Integer.parseInt(config.get(key).strip());
                if (value < min || value > max) {
                    throw new InvalidRequestException(key + " must be between " + min + " and " + max + ", got " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new InvalidRequestException(key + " must be an integer, got '" + config.get(key) + "'", e);
            }
        }
    }

    @Override
    public String toString() {
        return "MlflowDeploymentClient[" + settings.mlflowCommand() + ", state " + settings.stateDir() + "]";
    }
}
