package io.tango.plugin.mlflow.scoring;

import io.tango.toolkit.process.LogTail;
import io.tango.toolkit.process.ProcessTrees;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * An {@code mlflow models serve} process started by {@link ScoringServerLauncher}: its URL, pid, log and, when it was
 * started detached, the process group it leads. {@link #close()} stops it and every process it started (uvicorn
 * workers), also those left in its process group. Thread-safe; close is idempotent.
 */
public final class ScoringServerProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int MAX_TAIL_BYTES = 16 * 1024;

    private final ProcessHandle handle;
    private final URI url;
    private final Path logFile;
    private final long processGroup;
    private final AtomicReference<Thread> shutdownHook = new AtomicReference<>();

    ScoringServerProcess(ProcessHandle handle, URI url, Path logFile, long processGroup) {
        this.handle = requireNonNull(handle, "handle is null");
        this.url = requireNonNull(url, "url is null");
        this.logFile = requireNonNull(logFile, "logFile is null");
        this.processGroup = processGroup;
    }

    /** @return where it serves, e.g. {@code http://127.0.0.1:5001} */
    public URI url() {
        return url;
    }

    /** @return the process id */
    public long pid() {
        return handle.pid();
    }

    /** @return the process */
    public ProcessHandle handle() {
        return handle;
    }

    /** @return the process group it leads (its pid) when it was started detached, else 0: it shares this JVM's */
    public long processGroup() {
        return processGroup;
    }

    /** @return the file its output goes to */
    public Path logFile() {
        return logFile;
    }

    /** @return whether it still runs */
    public boolean isAlive() {
        return handle.isAlive();
    }

    /**
     * @param maxLines how many lines at most
     * @return the end of its log
     */
    public String logTail(int maxLines) {
        return tail(logFile, maxLines);
    }

    /**
     * Makes a JVM shutdown hook stop this process if the JVM exits before {@link #close()}.
     *
     * @return this process
     */
    public ScoringServerProcess stopWithJvm() {
        Thread hook = new Thread(() -> stopTree(handle, Duration.ofSeconds(2)), "tango-stop-scoring-" + pid());
        if (shutdownHook.compareAndSet(null, hook)) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return this;
    }

    /** Stops the process, its descendants and its process group's processes: SIGTERM, up to 10 s grace, then SIGKILL. */
    @Override
    public void close() {
        Thread hook = shutdownHook.getAndSet(null);
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                return; // the JVM is shutting down: the hook stops the process
            }
        }
        List<ProcessHandle> roots = new ArrayList<>(List.of(handle));
        if (processGroup > 0) {
            ProcessStat.group(processGroup).forEach(member -> ProcessHandle.of(member.pid()).ifPresent(roots::add));
        }
        stopTrees(roots, STOP_GRACE);
    }

    /**
     * Stops a process and every process it started.
     *
     * @param root the process
     * @param grace how long to wait after SIGTERM before SIGKILL
     * @return whether everything exited within the grace period
     */
    public static boolean stopTree(ProcessHandle root, Duration grace) {
        return stopTrees(List.of(root), grace);
    }

    /**
     * Stops processes and every process they started.
     *
     * @param roots the processes, the scoring server first
     * @param grace how long to wait after SIGTERM before SIGKILL
     * @return whether everything exited within the grace period
     */
    public static boolean stopTrees(List<ProcessHandle> roots, Duration grace) {
        return ProcessTrees.stopTogether(roots, grace);
    }

    /**
     * @param file a log file
     * @param maxLines how many lines at most
     * @return its last lines, or a note saying why there are none
     */
    static String tail(Path file, int maxLines) {
        return LogTail.read(file, maxLines, MAX_TAIL_BYTES);
    }

    @Override
    public String toString() {
        return "ScoringServerProcess[pid " + pid() + (processGroup > 0 ? ", own process group" : "") + ", " + url + ", log " + logFile + "]";
    }
}
