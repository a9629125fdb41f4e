package io.tango.testkit.resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The JVM's live threads and open file descriptors at one moment, to prove that a component gives back what it took:
 * capture a baseline, run many (faulted) calls, close everything, then {@link #awaitReturn} to the baseline.
 *
 * <p>Some resources are released only when the garbage collector finds them unreachable (on Java 17, a
 * {@code java.net.http.HttpClient}'s selector thread and its epoll descriptors), so {@link #awaitReturn} asks for a
 * collection between checks and accepts a tolerance the caller states and documents. File descriptors are counted
 * with {@code com.sun.management.UnixOperatingSystemMXBean}, else from {@code /proc/self/fd}.
 *
 * @param liveThreads the number of live threads
 * @param openFiles the number of open file descriptors, or -1 where the platform cannot count them
 * @param threadNames the live threads' names by id, to name the threads that leaked
 */
public record ResourceBaseline(int liveThreads, long openFiles, Map<Long, String> threadNames) {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * The threads one {@code java.net.http.HttpClient} may leave behind on Java 17, where it cannot be closed: its
     * selector thread goes only when the garbage collector finds the client unreachable.
     */
    public static final int HTTP_CLIENT_THREADS = 1;
    /** The file descriptors such a client may leave behind: its epoll descriptor and its wake-up pipe. */
    public static final int HTTP_CLIENT_FILES = 3;

    public ResourceBaseline {
        threadNames = Map.copyOf(requireNonNull(threadNames, "threadNames is null"));
    }

    /** @return the JVM's threads and file descriptors now */
    public static ResourceBaseline capture() {
        Map<Long, String> names = new TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> names.put(thread.getId(), thread.getName()));
        return new ResourceBaseline(ManagementFactory.getThreadMXBean().getThreadCount(), openFileDescriptors(), names);
    }

    /**
     * Waits until the live threads and open file descriptors are back to this baseline, within the tolerances.
     *
     * @param deadline how long to wait at most
     * @param threadTolerance how many more live threads than the baseline are accepted
     * @param fileTolerance how many more open file descriptors than the baseline are accepted
     * @return the usage once back within the tolerances
     * @throws AssertionError if the deadline passes first, naming the threads that are new since the baseline
     */
    public ResourceBaseline awaitReturn(Duration deadline, int threadTolerance, int fileTolerance) {
        requireNonNull(deadline, "deadline is null");
        long end = System.nanoTime() + deadline.toNanos();
        ResourceBaseline now = capture();
        while (!within(now, threadTolerance, fileTolerance)) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("resources did not return to their baseline within " + deadline + ": "
                        + liveThreads + " threads and " + openFiles + " open files before, " + now.liveThreads
                        + " threads and " + now.openFiles + " open files now (tolerance " + threadTolerance
                        + " threads, " + fileTolerance + " files); new threads: " + now.newThreadsSince(this));
            }
            // Resources held by unreachable objects (an HttpClient's selector) are freed only once they are collected.
            System.gc();
            LockSupport.parkNanos(POLL_NANOS);
            now = capture();
        }
        return now;
    }

    private boolean within(ResourceBaseline now, int threadTolerance, int fileTolerance) {
        return now.liveThreads <= liveThreads + threadTolerance
                && (openFiles < 0 || now.openFiles <= openFiles + fileTolerance);
    }

    /**
     * @param earlier an earlier capture
     * @return the names of the threads alive now that were not alive then, sorted
     */
    public String newThreadsSince(ResourceBaseline earlier) {
        return threadNames.entrySet().stream()
                .filter(entry -> !earlier.threadNames.containsKey(entry.getKey()))
                .map(Map.Entry::getValue)
                .sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static long openFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> entries = Files.list(fds)) {
            // The listing's own descriptor is open while it is counted.
            return entries.count() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the open file descriptors in " + fds, e);
        }
    }

    @Override
    public String toString() {
        return liveThreads + " threads, " + openFiles + " open files";
    }
}
