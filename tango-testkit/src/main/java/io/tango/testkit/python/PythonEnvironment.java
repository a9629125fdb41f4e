package io.tango.testkit.python;

import static java.util.Objects.requireNonNull;

import io.tango.toolkit.process.ProcessTrees;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Python virtual environment with pinned packages, built once and kept in a cache directory shared by test runs,
 * JVMs and Maven forks.
 *
 * <p>{@link #ensure(String, List)} returns the environment for a name and a list of requirements, building it first if
 * the cache does not hold it yet. The cache directory is, in this order, {@code $TANGO_VENV_CACHE},
 * {@code $XDG_CACHE_HOME/tango/venvs} or {@code ~/.cache/tango/venvs}. Each environment lives in
 * {@code <name>-<key>}, where {@code key} is the first 12 hex digits of a SHA-256 over the interpreter's version and
 * real path, the sorted requirements, the extra pip arguments and the content of local packages; so changing any of
 * them builds a new environment next to the old one.
 *
 * <p>Building is safe when several JVMs, or several threads of one JVM, ask for the same environment at once: an
 * exclusive {@link FileChannel#lock() file lock} on the sibling file {@code <name>-<key>.lock} lets one of them build
 * while the others wait, and a completion marker ({@value #MARKER_FILE}) is written last. A directory without the
 * marker (left by a killed build) is deleted and built again. The environment is built in place, never moved, because
 * virtual environments are not relocatable.
 *
 * <p>An environment with nothing to install is created {@code --without-pip}, which takes a fraction of a second
 * instead of several; it has no {@code pip}.
 *
 * <p>The interpreter is {@code python3} from the {@code PATH}, or {@code $TANGO_PYTHON}, or the one set with
 * {@link Builder#python(String)}. If it cannot be run, is older than 3.9 or lacks the {@code venv} module,
 * {@link PythonHarnessException} says what to install; tests are never silently skipped.
 *
 * <p>Instances are immutable and safe for use by several threads.
 */
public final class PythonEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(PythonEnvironment.class);

    /** The file written last into a complete environment; its content records what the environment was built from. */
    public static final String MARKER_FILE = "tango-venv.complete";

    /** The file in the environment that receives the output of {@code python -m venv} and pip. */
    public static final String INSTALL_LOG_FILE = "tango-install.log";

    /** The requirements file written into the environment and passed to pip with {@code -r}. */
    public static final String REQUIREMENTS_FILE = "tango-requirements.txt";

    /** The environment variable that overrides the interpreter ({@code python3} by default). */
    public static final String PYTHON_ENV_VAR = "TANGO_PYTHON";

    /** The environment variable that overrides the cache directory. */
    public static final String CACHE_ENV_VAR = "TANGO_VENV_CACHE";

    private static final String INSTALL_HINT = "python3 (3.9+) with the venv module is required for these tests: on"
            + " Debian/Ubuntu `apt-get install python3 python3-venv`; or set " + PYTHON_ENV_VAR
            + " to a Python 3.9+ interpreter";

    /** Bumped when the layout or the build steps change, so old cache entries are not reused. */
    private static final String KEY_FORMAT = "tango-venv-key-v1";

    /** pip older than this is upgraded to {@link #PIP_UPGRADE} before installing anything. */
    private static final int[] MIN_PIP = {22, 0};

    private static final String PIP_UPGRADE = "pip==24.3.1";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Serialises builds within this JVM; file locks only exclude other processes. */
    private static final Object BUILD_MONITOR = new Object();

    /** Build-tree directories and files under a local package that pip itself may create; not part of the key. */
    private static final Set<String> IGNORED_NAMES = Set.of("__pycache__", "build", "dist", ".git", ".tox", ".venv",
            ".pytest_cache", ".eggs");

    private static final String PROBE_SCRIPT = String.join("\n",
            "import os, sys",
            "print(sys.version_info[0], sys.version_info[1])",
            "print(sys.version.replace('\\n', ' '))",
            "print(os.path.realpath(sys.executable))",
            "try:",
            "    import venv, ensurepip",
            "    print('venv-ok')",
            "except ImportError as e:",
            "    print('venv-missing', e)");

    private final String name;
    private final Path home;
    private final boolean builtNow;

    private PythonEnvironment(String name, Path home, boolean builtNow) {
        this.name = name;
        this.home = home;
        this.builtNow = builtNow;
    }

    /**
     * Returns the environment with exactly these requirements, building it first if the cache does not hold it.
     *
     * <p>Blocks while another thread or JVM builds the same environment; a first build of a large environment can take
     * minutes. The default install timeout is 30 minutes.
     *
     * @param name a short name for the environment, such as {@code mlflow}: letters, digits, {@code .}, {@code _},
     *     {@code -}
     * @param requirements pip requirement lines, normally pinned ({@code pkg==1.2.3}); may be empty
     * @return the ready environment
     * @throws PythonHarnessException if Python is missing or unusable, or {@code python -m venv} or pip fails (the
     *     message has the command, exit code and the last lines of the install log)
     * @throws NullPointerException if an argument or a requirement is null
     * @throws IllegalArgumentException if the name or a requirement is malformed
     */
    public static PythonEnvironment ensure(String name, List<String> requirements) {
        return builder(name).requirements(requirements).ensure();
    }

    /**
     * Like {@link #ensure(String, List)}, and also installs local packages (directories with a {@code pyproject.toml}
     * or {@code setup.py}, or wheel/sdist files) in the same pip command. Their content is part of the cache key, so
     * editing one builds a new environment.
     *
     * @param name a short name for the environment
     * @param requirements pip requirement lines
     * @param localPackages paths of local packages to install
     * @return the ready environment
     * @throws PythonHarnessException as for {@link #ensure(String, List)}, or if a local package does not exist
     * @throws NullPointerException if an argument or an element is null
     * @throws IllegalArgumentException if the name or a requirement is malformed
     */
    public static PythonEnvironment ensure(String name, List<String> requirements, List<Path> localPackages) {
        Builder builder = builder(name).requirements(requirements);
        requireNonNull(localPackages, "localPackages is null").forEach(builder::localPackage);
        return builder.ensure();
    }

    /**
     * Starts describing an environment, for the options {@link #ensure(String, List)} does not take: extra pip
     * arguments, the interpreter, the cache directory, the install timeout.
     *
     * @param name a short name for the environment: letters, digits, {@code .}, {@code _}, {@code -}
     * @return a new builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is malformed
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Returns the cache directory used when none is set: {@code $TANGO_VENV_CACHE}, else
     * {@code $XDG_CACHE_HOME/tango/venvs}, else {@code ~/.cache/tango/venvs}.
     *
     * @return the default cache directory (it may not exist yet)
     */
    public static Path defaultCacheRoot() {
        return defaultCacheRoot(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultCacheRoot(Map<String, String> environment, String userHome) {
        String explicit = environment.get(CACHE_ENV_VAR);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "tango", "venvs").toAbsolutePath();
        }
        return Path.of(userHome, ".cache", "tango", "venvs").toAbsolutePath();
    }

    /**
     * Returns the environment's name as given to {@link #ensure}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the environment's directory, {@code <cache>/<name>-<key>}.
     *
     * @return the absolute directory
     */
    public Path home() {
        return home;
    }

    /**
     * Returns the environment's interpreter, {@code <home>/bin/python}.
     *
     * @return the interpreter's path
     */
    public Path python() {
        return bin("python");
    }

    /**
     * Returns a script installed in the environment's {@code bin} directory, such as {@code mlflow} or
     * {@code deepaas-run}.
     *
     * @param script the script's file name
     * @return its path
     * @throws NullPointerException if {@code script} is null
     * @throws IllegalArgumentException if the script is not in the environment
     */
    public Path bin(String script) {
        requireNonNull(script, "script is null");
        Path path = home.resolve("bin").resolve(script);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no script '" + script + "' in " + home.resolve("bin"));
        }
        return path;
    }

    /**
     * Returns the environment's install log ({@value #INSTALL_LOG_FILE}).
     *
     * @return the log's path
     */
    public Path installLog() {
        return home.resolve(INSTALL_LOG_FILE);
    }

    /**
     * Returns the completion marker ({@value #MARKER_FILE}), which exists in every environment this class returns.
     *
     * @return the marker's path
     */
    public Path marker() {
        return home.resolve(MARKER_FILE);
    }

    /**
     * Tells whether the call that returned this instance built the environment, as opposed to finding it in the cache.
     *
     * @return {@code true} if it was built by that call
     */
    public boolean builtNow() {
        return builtNow;
    }

    /**
     * Returns the variables that activate the environment for a child process: {@code VIRTUAL_ENV}, {@code PATH} with
     * {@code <home>/bin} first (needed by tools that start other scripts by name, such as
     * {@code mlflow models serve}, which runs {@code uvicorn}), and {@code PYTHONUNBUFFERED=1} so logs are written as
     * they happen.
     *
     * @return a new mutable map
     */
    public Map<String, String> activationEnvironment() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("VIRTUAL_ENV", home.toString());
        String path = System.getenv("PATH");
        String bin = home.resolve("bin").toString();
        variables.put("PATH", path == null || path.isEmpty() ? bin : bin + java.io.File.pathSeparator + path);
        variables.put("PYTHONUNBUFFERED", "1");
        return variables;
    }

    /**
     * Starts describing a server or other long-running process in this environment, with the
     * {@linkplain #activationEnvironment() activation variables} already set.
     *
     * @param command the executable (such as {@code bin("mlflow").toString()}) and its arguments
     * @return a new builder; call {@link ManagedProcess.Builder#start()} to start it
     * @throws NullPointerException if {@code command} or an element is null
     * @throws IllegalArgumentException if {@code command} is empty
     */
    public ManagedProcess.Builder process(List<String> command) {
        return ManagedProcess.builder(command).environment(activationEnvironment());
    }

    /**
     * Runs the environment's interpreter with {@code args} (for example {@code List.of("script.py", "arg")} or
     * {@code List.of("-c", "import x")}) and waits for it to finish.
     *
     * @param args the interpreter's arguments
     * @param timeout how long to wait
     * @return the exit code and the combined standard output and error
     * @throws PythonHarnessException if the process cannot be started or does not finish in time (it is then killed
     *     with its descendants)
     * @throws NullPointerException if an argument is null
     */
    public ProcessResult run(List<String> args, Duration timeout) {
        return run(args, Map.of(), timeout);
    }

    /**
     * Like {@link #run(List, Duration)}, with extra environment variables (on top of the
     * {@linkplain #activationEnvironment() activation variables}).
     *
     * @param args the interpreter's arguments
     * @param environment extra variables
     * @param timeout how long to wait
     * @return the exit code and the combined standard output and error
     * @throws PythonHarnessException if the process cannot be started or does not finish in time
     * @throws NullPointerException if an argument is null
     */
    public ProcessResult run(List<String> args, Map<String, String> environment, Duration timeout) {
        requireNonNull(args, "args is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(timeout, "timeout is null");
        List<String> command = new ArrayList<>();
        command.add(python().toString());
        args.forEach(arg -> command.add(requireNonNull(arg, "argument is null")));
        Map<String, String> variables = activationEnvironment();
        variables.putAll(environment);
        Path output;
        try {
            output = Files.createTempFile("tango-python-run-", ".log");
        } catch (IOException e) {
            throw new PythonHarnessException("cannot create a temporary file for the output of " + command, e);
        }
        try {
            int exit = runToLog(command, variables, output, timeout);
            return new ProcessResult(exit, Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PythonHarnessException("cannot read the output of " + String.join(" ", command), e);
        } finally {
            deleteQuietly(output);
        }
    }

    @Override
    public String toString() {
        return "PythonEnvironment[" + name + ", " + home + "]";
    }

    /**
     * Runs {@code command} with output appended to {@code log}; returns its exit code.
     *
     * @throws PythonHarnessException if it cannot start or does not finish within {@code timeout}
     */
    private static int runToLog(List<String> command, Map<String, String> environment, Path log, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PythonHarnessException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                ProcessTrees.stopRootFirst(process.toHandle(), Duration.ofSeconds(5));
                throw new PythonHarnessException("command did not finish within " + timeout + ": "
                        + String.join(" ", command) + "\n" + LogFiles.describeTail(log));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            ProcessTrees.stopRootFirst(process.toHandle(), Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
            throw new PythonHarnessException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}", file, e);
        }
    }

    /**
     * Describes an environment to ensure. Not safe for use by several threads; {@link #ensure()} may be called more
     * than once.
     */
    public static final class Builder {

        private final String name;
        private final List<String> requirements = new ArrayList<>();
        private final List<String> pipArguments = new ArrayList<>();
        private final List<Path> localPackages = new ArrayList<>();
        private String python;
        private Path cacheRoot;
        private Duration installTimeout = Duration.ofMinutes(30);

        private Builder(String name) {
            requireNonNull(name, "name is null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("environment name must match " + NAME.pattern() + ": '" + name
                        + "'");
            }
            this.name = name;
        }

        /**
         * Adds pip requirement lines, normally pinned ({@code pkg==1.2.3}). Their order does not matter.
         *
         * @param lines the requirements
         * @return this builder
         * @throws NullPointerException if {@code lines} or an element is null
         * @throws IllegalArgumentException if a line is blank or has a line break
         */
        public Builder requirements(List<String> lines) {
            requireNonNull(lines, "requirements is null");
            for (String line : lines) {
                requireNonNull(line, "requirement is null");
                if (line.isBlank() || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("malformed requirement: '" + line + "'");
                }
                requirements.add(line.strip());
            }
            return this;
        }

        /**
         * Adds arguments passed to {@code pip install} before the requirements, such as
         * {@code --only-binary=:all:}. Their order is kept and is part of the cache key.
         *
         * @param arguments the arguments
         * @return this builder
         * @throws NullPointerException if {@code arguments} or an element is null
         */
        public Builder pipArguments(List<String> arguments) {
            requireNonNull(arguments, "arguments is null");
            arguments.forEach(argument -> pipArguments.add(requireNonNull(argument, "pip argument is null")));
            return this;
        }

        /**
         * Adds a local package to install: a directory with a {@code pyproject.toml} or {@code setup.py}, or a wheel
         * or sdist file. Its content (not its path) is part of the cache key; build output that pip may leave in a
         * directory ({@code build/}, {@code *.egg-info}, {@code __pycache__}) is ignored.
         *
         * @param path the package's directory or file
         * @return this builder
         * @throws NullPointerException if {@code path} is null
         */
        public Builder localPackage(Path path) {
            localPackages.add(requireNonNull(path, "path is null").toAbsolutePath().normalize());
            return this;
        }

        /**
         * Sets the interpreter used to create the environment; by default {@code $TANGO_PYTHON}, else
         * {@code python3} from the {@code PATH}.
         *
         * @param executable a command name or path
         * @return this builder
         * @throws NullPointerException if {@code executable} is null
         */
        public Builder python(String executable) {
            this.python = requireNonNull(executable, "executable is null");
            return this;
        }

        /**
         * Sets the cache directory; by default {@link PythonEnvironment#defaultCacheRoot()}.
         *
         * @param directory the directory holding environments; created if needed
         * @return this builder
         * @throws NullPointerException if {@code directory} is null
         */
        public Builder cacheRoot(Path directory) {
            this.cacheRoot = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
            return this;
        }

        /**
         * Sets how long {@code python -m venv} plus pip may take in total when building; 30 minutes by default.
         *
         * @param timeout the timeout
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is not positive
         */
        public Builder installTimeout(Duration timeout) {
            requireNonNull(timeout, "timeout is null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.installTimeout = timeout;
            return this;
        }

        /**
         * Computes the directory {@link #ensure()} would use, without building anything. It runs the interpreter once
         * to learn its version.
         *
         * @return {@code <cache>/<name>-<key>}
         * @throws PythonHarnessException if Python is missing or unusable, or a local package cannot be read
         */
        public Path directory() {
            return resolveDirectory(probe());
        }

        /**
         * Returns the environment, building it first if the cache does not hold a complete one. Blocks while another
         * thread or JVM builds it.
         *
         * @return the ready environment
         * @throws PythonHarnessException if Python is missing or unusable, a local package cannot be read, or
         *     {@code python -m venv} or pip fails or times out
         */
        public PythonEnvironment ensure() {
            Probe probe = probe();
            Path home = resolveDirectory(probe);
            if (isComplete(home)) {
                LOG.debug("Reusing Python environment {}", home);
                return new PythonEnvironment(name, home, false);
            }
            Path lockFile = home.resolveSibling(home.getFileName() + ".lock");
            synchronized (BUILD_MONITOR) {
                try {
                    Files.createDirectories(home.getParent());
                    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                            FileLock lock = acquire(channel, lockFile)) {
                        LOG.debug("Holding {} (valid: {})", lockFile, lock.isValid());
                        if (isComplete(home)) {
                            LOG.info("Python environment {} was built by another process", home);
                            return new PythonEnvironment(name, home, false);
                        }
                        build(probe, home);
                        return new PythonEnvironment(name, home, true);
                    }
                } catch (IOException e) {
                    throw new PythonHarnessException("cannot build Python environment " + home + ": " + e, e);
                }
            }
        }

        private static FileLock acquire(FileChannel channel, Path lockFile) throws IOException {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            LOG.info("Waiting for another process to finish building the Python environment locked by {}", lockFile);
            return channel.lock();
        }

        private static boolean isComplete(Path home) {
            return Files.isRegularFile(home.resolve(MARKER_FILE)) && Files.exists(home.resolve("bin/python"));
        }

        private void build(Probe probe, Path home) throws IOException {
            long start = System.nanoTime();
            if (Files.exists(home)) {
                LOG.warn("Deleting incomplete Python environment {} (no {}) to build it again", home, MARKER_FILE);
                deleteRecursively(home);
            }
            LOG.info("Building Python environment {} with {} requirement(s) and {} local package(s); a first build"
                    + " can take minutes", home, requirements.size(), localPackages.size());
            long deadline = System.nanoTime() + installTimeout.toNanos();
            Files.createDirectories(home);
            Path log = home.resolve(INSTALL_LOG_FILE);
            Files.writeString(log, "# " + Instant.now() + " building " + home + "\n", StandardCharsets.UTF_8);

            boolean installs = !requirements.isEmpty() || !localPackages.isEmpty();
            List<String> venv = installs
                    ? List.of(probe.executable(), "-m", "venv", home.toString())
                    : List.of(probe.executable(), "-m", "venv", "--without-pip", home.toString());
            int exit = step(venv, log, deadline);
            if (exit != 0) {
                throw new PythonHarnessException("creating the virtual environment failed (exit code " + exit + "): "
                        + String.join(" ", venv) + "\n" + INSTALL_HINT + "\n" + LogFiles.describeTail(log));
            }
            String python = home.resolve("bin/python").toString();
            if (installs) {
                upgradePipIfNeeded(python, log, deadline);
                Path requirementsFile = home.resolve(REQUIREMENTS_FILE);
                Files.write(requirementsFile, sortedRequirements(), StandardCharsets.UTF_8);
                List<String> install = new ArrayList<>(List.of(python, "-m", "pip", "install",
                        "--disable-pip-version-check", "--no-input", "-q"));
                install.addAll(pipArguments);
                install.add("-r");
                install.add(requirementsFile.toString());
                localPackages.forEach(path -> install.add(path.toString()));
                pip(install, log, deadline);
            }
            writeMarker(probe, home);
            LOG.info("Built Python environment {} in {} s", home,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        }

        private void upgradePipIfNeeded(String python, Path log, long deadline) throws IOException {
            Path versionFile = Files.createTempFile("tango-pip-version-", ".txt");
            try {
                List<String> query = List.of(python, "-c", "import pip; print(pip.__version__)");
                int exit = runToLog(query, Map.of(), versionFile, remaining(deadline, query, log));
                String version = Files.readString(versionFile, StandardCharsets.UTF_8).strip();
                Files.writeString(log, "# pip " + version + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                if (exit != 0 || !atLeast(version, MIN_PIP)) {
                    LOG.info("Upgrading pip {} to {}", version, PIP_UPGRADE);
                    pip(List.of(python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q",
                            PIP_UPGRADE), log, deadline);
                }
            } finally {
                deleteQuietly(versionFile);
            }
        }

        private static boolean atLeast(String version, int[] minimum) {
            Matcher matcher = Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
            if (!matcher.lookingAt()) {
                return false;
            }
            int major = Integer.parseInt(matcher.group(1));
            int minor = Integer.parseInt(matcher.group(2));
            return major > minimum[0] || (major == minimum[0] && minor >= minimum[1]);
        }

        private static void pip(List<String> command, Path log, long deadline) {
            int exit = step(command, log, deadline);
            if (exit != 0) {
                throw new PythonHarnessException("pip failed (exit code " + exit + "): " + String.join(" ", command)
                        + "\n" + LogFiles.describeTail(log));
            }
        }

        private static int step(List<String> command, Path log, long deadline) {
            try {
                Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new PythonHarnessException("cannot write the install log " + log + ": " + e, e);
            }
            LOG.debug("Running {}", command);
            return runToLog(command, Map.of(), log, remaining(deadline, command, log));
        }

        private static Duration remaining(long deadline, List<String> command, Path log) {
            long nanos = deadline - System.nanoTime();
            if (nanos <= 0) {
                throw new PythonHarnessException("install timeout passed before " + String.join(" ", command) + "\n"
                        + LogFiles.describeTail(log));
            }
            return Duration.ofNanos(nanos);
        }

        private void writeMarker(Probe probe, Path home) throws IOException {
            List<String> lines = new ArrayList<>();
            lines.add("built-at=" + Instant.now());
            lines.addAll(keyLines(probe));
            Path temporary = home.resolve(MARKER_FILE + ".tmp");
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, home.resolve(MARKER_FILE), StandardCopyOption.ATOMIC_MOVE);
        }

        private List<String> sortedRequirements() {
            return requirements.stream().sorted().distinct().toList();
        }

        private List<String> keyLines(Probe probe) {
            List<String> lines = new ArrayList<>();
            lines.add(KEY_FORMAT);
            lines.add("python=" + probe.version());
            lines.add("executable=" + probe.realPath());
            sortedRequirements().forEach(requirement -> lines.add("requirement=" + requirement));
            pipArguments.forEach(argument -> lines.add("pip-argument=" + argument));
            localPackages.forEach(path -> lines.add("local-package=" + path.getFileName() + " sha256:"
                    + contentHash(path)));
            if (requirements.isEmpty() && localPackages.isEmpty()) {
                lines.add("venv=without-pip");
            }
            return lines;
        }

        private Path resolveDirectory(Probe probe) {
            MessageDigest digest = sha256();
            keyLines(probe).forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            String key = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
            Path root = cacheRoot != null ? cacheRoot : defaultCacheRoot();
            return root.resolve(name + "-" + key);
        }

        private Probe probe() {
            String executable = python;
            if (executable == null) {
                String fromEnvironment = System.getenv(PYTHON_ENV_VAR);
                executable = fromEnvironment == null || fromEnvironment.isBlank() ? "python3" : fromEnvironment;
            }
            List<String> command = List.of(executable, "-c", PROBE_SCRIPT);
            Path output;
            try {
                output = Files.createTempFile("tango-python-probe-", ".txt");
            } catch (IOException e) {
                throw new PythonHarnessException("cannot create a temporary file to probe " + executable, e);
            }
            try {
                int exit;
                try {
                    exit = runToLog(command, Map.of(), output, Duration.ofMinutes(1));
                } catch (PythonHarnessException e) {
                    throw new PythonHarnessException("cannot run Python interpreter '" + executable + "' ("
                            + e.getMessage() + "). " + INSTALL_HINT, e);
                }
                List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                if (exit != 0 || lines.size() < 4) {
                    throw new PythonHarnessException("Python interpreter '" + executable + "' failed (exit code "
                            + exit + "): " + String.join("\n", lines) + "\n" + INSTALL_HINT);
                }
                String[] versionParts = lines.get(0).split(" ");
                int major = Integer.parseInt(versionParts[0]);
                int minor = Integer.parseInt(versionParts[1]);
                if (major < 3 || (major == 3 && minor < 9)) {
                    throw new PythonHarnessException("Python interpreter '" + executable + "' is version " + major
                            + "." + minor + ". " + INSTALL_HINT);
                }
                if (!lines.get(3).equals("venv-ok")) {
                    throw new PythonHarnessException("Python interpreter '" + executable + "' has no venv module ("
                            + lines.get(3) + "). " + INSTALL_HINT);
                }
                return new Probe(executable, lines.get(1), lines.get(2));
            } catch (IOException | RuntimeException e) {
                if (e instanceof PythonHarnessException harness) {
                    throw harness;
                }
                throw new PythonHarnessException("cannot probe Python interpreter '" + executable + "': " + e + ". "
                        + INSTALL_HINT, e);
            } finally {
                deleteQuietly(output);
            }
        }

        private static String contentHash(Path path) {
            if (!Files.exists(path)) {
                throw new PythonHarnessException("local package " + path + " does not exist");
            }
            MessageDigest digest = sha256();
            try {
                if (Files.isRegularFile(path)) {
                    digest.update(Files.readAllBytes(path));
                } else {
                    List<Path> files;
                    try (Stream<Path> walk = Files.walk(path)) {
                        files = walk.filter(Files::isRegularFile)
                                .filter(file -> !ignored(path.relativize(file)))
                                .sorted()
                                .toList();
                    }
                    for (Path file : files) {
                        String relative = path.relativize(file).toString().replace('\\', '/');
                        byte[] content = Files.readAllBytes(file);
                        digest.update((relative + "\0" + content.length + "\0").getBytes(StandardCharsets.UTF_8));
                        digest.update(content);
                    }
                }
            } catch (IOException e) {
                throw new PythonHarnessException("cannot read local package " + path + ": " + e, e);
            }
            return HexFormat.of().formatHex(digest.digest());
        }

        private static boolean ignored(Path relative) {
            for (Path part : relative) {
                String name = part.toString();
                if (IGNORED_NAMES.contains(name) || name.endsWith(".egg-info") || name.endsWith(".pyc")) {
                    return true;
                }
            }
            return false;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        private static void deleteRecursively(Path directory) throws IOException {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }

    /** What the interpreter told about itself. */
    private record Probe(String executable, String version, String realPath) {
    }
}
