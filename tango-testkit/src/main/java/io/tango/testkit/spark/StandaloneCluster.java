package io.tango.testkit.spark;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tango.testkit.python.ListeningProcess;
import io.tango.testkit.python.ManagedProcess;
import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonHarnessException;
import io.tango.testkit.python.PythonRequirements;
import io.tango.testkit.python.TwoPortProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Spark standalone cluster on 127.0.0.1: one master and {@value #WORKERS} workers, each its own JVM
 * started with {@code bin/spark-class} from the {@code pyspark} install of {@link PythonRequirements#SPARK} (the
 * installed {@code pyspark} folder is a whole Spark distribution, but has no {@code sbin/start-master.sh}).
 *
 * <p>Each worker offers {@value #WORKER_CORES} core and {@value #WORKER_MEMORY} of memory, so a driver must set
 * {@code spark.executor.memory} to at most {@value #WORKER_MEMORY} (Spark's default, 1g, would wait for resources
 * forever). The daemons run with the running JVM's {@code java.home} as {@code JAVA_HOME},
 * {@code SPARK_LOCAL_IP=127.0.0.1} and {@code spark.port.maxRetries=0}, so a port taken by another process between
 * {@code FreePorts} and the bind makes the daemon exit and start again on another port instead of silently moving to
 * the next port. Work directories, executor scratch space and the daemons' logs are under the given work folder.
 *
 * <pre>{@code
 * try (StandaloneCluster cluster = StandaloneCluster.start(tempDir)) {
 *     SparkSession spark = SparkSession.builder().master(cluster.masterUrl())
 *             .config("spark.executor.memory", StandaloneCluster.WORKER_MEMORY) ... .getOrCreate();
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the workers (and the executors they started) and the master with all their descendants;
 * it is idempotent. A JVM shutdown hook stops the daemons if the JVM exits first. Safe for use by several threads.
 */
public final class StandaloneCluster implements AutoCloseable {

    /** How many workers the cluster has. */
    public static final int WORKERS = 2;

    /** The cores each worker offers. */
    public static final int WORKER_CORES = 1;

    /** The memory each worker offers: the most {@code spark.executor.memory} may ask for. */
    public static final String WORKER_MEMORY = "512m";

    /** How long each daemon may take to answer on its web UI, and then all workers to register with the master. */
    public static final Duration STARTUP = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneCluster.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FIRST_POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 40;

    private final Path sparkHome;
    private final String masterUrl;
    private final URI masterWebUi;
    private final TwoPortProcess master;
    private final List<ListeningProcess> workers;
    private final List<ProcessHandle> daemons;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private StandaloneCluster(Path sparkHome, String masterUrl, TwoPortProcess master, List<ListeningProcess> workers) {
        this.sparkHome = sparkHome;
        this.masterUrl = masterUrl;
        this.masterWebUi = URI.create("http://127.0.0.1:" + master.httpPort());
        this.master = master;
        this.workers = List.copyOf(workers);
        List<ProcessHandle> handles = new ArrayList<>();
        handles.add(handle(master.process()));
        workers.forEach(worker -> handles.add(handle(worker.process())));
        this.daemons = List.copyOf(handles);
    }

    /**
     * Builds or reuses the {@code spark} environment ({@link PythonRequirements#SPARK}; a first build downloads 455 MB),
     * starts the master and the workers and waits until the master reports {@value #WORKERS} alive workers.
     *
     * @param workDir a folder of the test's own: worker directories, executor scratch space and the daemons' logs go
     *     there
     * @return the ready cluster; close it to stop every process it started
     * @throws PythonHarnessException if the environment cannot be built, a daemon exits or the cluster is not ready
     *     within {@link #STARTUP} (the message has the daemons' log tails); whatever was started is stopped
     * @throws NullPointerException if {@code workDir} is null
     */
    public static StandaloneCluster start(Path workDir) {
        requireNonNull(workDir, "workDir is null");
        PythonEnvironment spark = PythonEnvironment.ensure("spark", PythonRequirements.SPARK);
        return start(sparkHome(spark), workDir.toAbsolutePath());
    }

    /** Starts the daemons from {@code sparkHome}'s {@code bin/spark-class}; see {@link #start(Path)}. */
    static StandaloneCluster start(Path sparkHome, Path workDir) {
        String sparkClass = sparkHome.resolve("bin/spark-class").toString();
        Map<String, String> environment = Map.of(
                "SPARK_HOME", sparkHome.toString(),
                "JAVA_HOME", System.getProperty("java.home"),
                "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_MASTER_OPTS", "-Dspark.port.maxRetries=0",
                "SPARK_WORKER_OPTS", "-Dspark.port.maxRetries=0");
        long start = System.nanoTime();
        TwoPortProcess master = TwoPortProcess.start((webUiPort, port) -> ManagedProcess.builder(List.of(sparkClass,
                        "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                        "--webui-port", Integer.toString(webUiPort)))
                        .environment(environment)
                        .name("spark-master")
                        .workingDirectory(workDir)
                        .logFile(workDir.resolve("logs/spark-master-" + port + ".log")),
                webUiPort -> URI.create("http://127.0.0.1:" + webUiPort + "/json/"), STARTUP);
        String masterUrl = "spark://127.0.0.1:" + master.grpcPort();
        List<ListeningProcess> workers = new ArrayList<>();
        try {
            for (int index = 1; index <= WORKERS; index++) {
                Path workerDir = workDir.resolve("worker" + index);
                Files.createDirectories(workerDir.resolve("local"));
                String name = "spark-worker" + index;
                workers.add(ListeningProcess.start(webUiPort -> ManagedProcess.builder(List.of(sparkClass,
                                        "org.apache.spark.deploy.worker.Worker", masterUrl, "--host", "127.0.0.1",
                                        "--cores", Integer.toString(WORKER_CORES), "--memory", WORKER_MEMORY,
                                        "--webui-port", Integer.toString(webUiPort),
                                        "--work-dir", workerDir.resolve("work").toString()))
                                .environment(environment)
                                .environment("SPARK_LOCAL_DIRS", workerDir.resolve("local").toString())
                                .name(name)
                                .workingDirectory(workerDir)
                                .logFile(workDir.resolve("logs/" + name + "-" + webUiPort + ".log")),
                        webUiPort -> URI.create("http://127.0.0.1:" + webUiPort + "/json/"), STARTUP));
            }
            StandaloneCluster cluster = new StandaloneCluster(sparkHome, masterUrl, master, workers);
            cluster.awaitAliveWorkers(WORKERS, STARTUP);
            LOG.info("Spark standalone cluster {} with {} workers ready after {} ms", masterUrl, WORKERS,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return cluster;
        } catch (IOException | RuntimeException e) {
            PythonHarnessException failure = e instanceof PythonHarnessException harness ? harness
                    : new PythonHarnessException("cannot start the Spark workers: " + e, e);
            stopAll(master, workers).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /**
     * Returns the installed {@code pyspark} folder of an environment built from {@link PythonRequirements#SPARK}: a
     * Spark distribution with {@code bin/spark-class} and {@code jars/}.
     *
     * @param spark the environment
     * @return {@code <env>/lib/python3.X/site-packages/pyspark}
     * @throws PythonHarnessException if the environment has no such folder
     * @throws NullPointerException if {@code spark} is null
     */
    public static Path sparkHome(PythonEnvironment spark) {
        requireNonNull(spark, "spark is null");
        Path lib = spark.home().resolve("lib");
        try (Stream<Path> pythons = Files.list(lib)) {
            return pythons.map(python -> python.resolve("site-packages/pyspark"))
                    .filter(home -> Files.isRegularFile(home.resolve("bin/spark-class")))
                    .findFirst()
                    .orElseThrow(() -> new PythonHarnessException("no pyspark/bin/spark-class under " + lib
                            + "/*/site-packages of environment " + spark));
        } catch (IOException e) {
            throw new PythonHarnessException("cannot list " + lib + ": " + e, e);
        }
    }

    /**
     * Returns the URL a driver connects to.
     *
     * @return {@code spark://127.0.0.1:<port>}
     */
    public String masterUrl() {
        return masterUrl;
    }

    /**
     * Returns the Spark distribution the daemons run from: its {@code jars/} is every executor's class path, so the
     * driver's Spark version must be the same.
     *
     * @return the installed {@code pyspark} folder
     */
    public Path sparkHome() {
        return sparkHome;
    }

    /**
     * Returns the master's web UI, whose {@code /json/} describes workers and applications.
     *
     * @return {@code http://127.0.0.1:<webui-port>}
     */
    public URI masterWebUi() {
        return masterWebUi;
    }

    /**
     * Asks the master how many workers are alive right now ({@code aliveworkers} of its web UI's {@code /json/}).
     *
     * @return the number of alive workers
     * @throws PythonHarnessException if the master does not answer with HTTP 200 and a JSON object
     */
    public int aliveWorkers() {
        try {
            return masterState().path("aliveworkers").asInt(-1);
        } catch (IOException e) {
            throw new PythonHarnessException("cannot read " + masterWebUi + "/json/: " + e + "\n" + logTails(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PythonHarnessException("interrupted while reading " + masterWebUi + "/json/", e);
        }
    }

    /**
     * Returns the daemons' processes, master first: each is the daemon's JVM ({@code spark-class} ends in
     * {@code exec java}); executors are the workers' descendants.
     *
     * @return the master and the workers
     */
    public List<ProcessHandle> daemons() {
        return daemons;
    }

    /**
     * Stops the workers, their executors and the master, each with all its descendants (SIGTERM, a grace period, then
     * SIGKILL). Returns once they have exited. Calling it again does nothing.
     */
    @Override
    public void close() {
        List<RuntimeException> failures = stopAll(master, workers);
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Override
    public String toString() {
        return "StandaloneCluster[" + masterUrl + ", web UI " + masterWebUi + ", " + workers.size() + " workers]";
    }

    private void awaitAliveWorkers(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration interval = FIRST_POLL_INTERVAL;
        String lastAnswer = "no answer yet";
        CompletableFuture<Object> anyExit = CompletableFuture.anyOf(daemons.stream()
                .map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
        while (true) {
            try {
                JsonNode state = masterState();
                if (state.path("aliveworkers").asInt(-1) == expected) {
                    return;
                }
                lastAnswer = "aliveworkers " + state.path("aliveworkers");
            } catch (IOException e) {
                lastAnswer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PythonHarnessException("interrupted while waiting for " + expected + " alive workers", e);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new PythonHarnessException("the Spark master at " + masterWebUi + " did not report " + expected
                        + " alive workers within " + timeout + " (last answer: " + lastAnswer + ")\n" + logTails());
            }
            if (exitedWithin(anyExit, interval.compareTo(Duration.ofNanos(remaining)) <= 0 ? interval
                    : Duration.ofNanos(remaining))) {
                throw new PythonHarnessException("a Spark daemon exited before " + expected
                        + " workers were alive\n" + logTails());
            }
            interval = interval.multipliedBy(2).compareTo(MAX_POLL_INTERVAL) <= 0 ? interval.multipliedBy(2)
                    : MAX_POLL_INTERVAL;
        }
    }

    /** Waits up to {@code wait} for a daemon to exit: the pause between polls, cut short by a dying daemon. */
    private static boolean exitedWithin(CompletableFuture<Object> anyExit, Duration wait) {
        try {
            anyExit.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new PythonHarnessException("waiting for the Spark daemons failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PythonHarnessException("interrupted while waiting for the Spark daemons", e);
        }
    }

    private JsonNode masterState() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(masterWebUi.resolve("/json/"))
                .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + masterWebUi + "/json/");
        }
        JsonNode state = JSON.readTree(response.body());
        if (state == null || !state.isObject()) {
            throw new IOException("not a JSON object from " + masterWebUi + "/json/: " + response.body());
        }
        return state;
    }

    private String logTails() {
        StringBuilder tails = new StringBuilder();
        List<ManagedProcess> processes = new ArrayList<>();
        processes.add(master.process());
        workers.forEach(worker -> processes.add(worker.process()));
        for (ManagedProcess process : processes) {
            tails.append("last ").append(LOG_TAIL_LINES).append(" lines of ").append(process.name()).append(" (")
                    .append(process.logFile()).append("):\n").append(process.logTail(LOG_TAIL_LINES)).append('\n');
        }
        return tails.toString();
    }

    private static ProcessHandle handle(ManagedProcess process) {
        return ProcessHandle.of(process.pid()).orElseThrow(() -> new PythonHarnessException("Spark daemon '"
                + process.name() + "' (pid " + process.pid() + ") exited after it answered on its web UI\n"
                + process.logTail(LOG_TAIL_LINES)));
    }

    /** Workers first, so that the master does not see them as lost while they stop their executors. */
    private static List<RuntimeException> stopAll(TwoPortProcess master, List<ListeningProcess> workers) {
        List<RuntimeException> failures = new ArrayList<>();
        for (ListeningProcess worker : workers) {
            try {
                worker.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        try {
            master.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        return failures;
    }
}
