package io.tango.plugin.mlflow.scoring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * An {@code mlflow models serve} process started by {@link ScoringServerLauncher}: its URL, pid, log and, when it was
 * started detached, the process group it leads. {@link #close()} stops it and every process it started (uvicorn
 * workers), also those left in its process group. Thread-safe; close is idempotent.
 */
public final class ScoringServerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringServerProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int MAX_TAIL_BYTES = 16 * 1024;

    private final ProcessHandle handle;
    private final URI url;
    private final Path logFile;
    private final long processGroup;
    private final java.util.concurrent.atomic.AtomicReference<Thread> shutdownHook =
            new java.util.concurrent.atomic.AtomicReference<>();

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
        ProcessHandle root = roots.get(0);
        List<ProcessHandle> tree = new ArrayList<>();
        for (ProcessHandle each : roots) {
            tree.addAll(each.descendants().toList());
            tree.add(each);
        }
        if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
            return true;
        }
        tree.forEach(ProcessHandle::destroy);
        if (awaitExit(tree, grace)) {
            LOG.info("Stopped scoring server process {}", root.pid());
            return true;
        }
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                survivors.addAll(handle.descendants().toList());
                survivors.add(handle);
            }
        }
        LOG.warn("Scoring server process {} did not stop within {} of SIGTERM; killing {} process(es)", root.pid(),
                grace, survivors.size());
        survivors.forEach(ProcessHandle::destroyForcibly);
        awaitExit(survivors, Duration.ofSeconds(5));
        return false;
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param file a log file
     * @param maxLines how many lines at most
     * @return its last lines, or a note saying why there are none
     */
    static String tail(Path file, int maxLines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int length = (int) Math.min(size, MAX_TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // reads to the end
            }
            List<String> lines = new ArrayList<>(Arrays.asList(
                    new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\\R")));
            lines.removeIf(String::isBlank);
            if (lines.isEmpty()) {
                return "(the log " + file + " is empty)";
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return "(cannot read the log " + file + ": " + e + ")";
        }
    }

    @Override
    public String toString() {
        return "ScoringServerProcess[pid " + pid() + (processGroup > 0 ? ", own process group" : "") + ", " + url + ", log " + logFile + "]";
    }
}
