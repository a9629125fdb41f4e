package io.tango.testkit.python;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stops a process together with everything it started. Stateless; safe for concurrent use. */
final class ProcessTrees {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTrees.class);

    /** The least time descendants get after SIGTERM, even when the root took all of the grace period. */
    private static final Duration MIN_DESCENDANT_GRACE = Duration.ofSeconds(2);

    private ProcessTrees() {
    }

    /**
     * Stops {@code root} and all its descendants, and returns once they have exited.
     *
     * <p>First only {@code root} is asked to terminate (SIGTERM), so that it can shut its own children down as it
     * would on a console interrupt; some servers (such as DEEPaaS with its process pool) hang when their workers are
     * signalled at the same time. Once {@code root} has exited, descendants still alive (listed before anything was
     * signalled, because orphans can no longer be found through their parent) are asked to terminate too. Whatever is
     * still alive when {@code grace} has passed (at least 2 seconds after the descendants were signalled) is killed
     * (SIGKILL), including processes started meanwhile.
     *
     * @param root the process to stop
     * @param grace how long to wait for a graceful exit
     * @return {@code true} if everything exited without being killed
     */
    static boolean stop(ProcessHandle root, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroy();
        boolean graceful = awaitExit(List.of(root), grace);
        List<ProcessHandle> remaining = new ArrayList<>();
        if (graceful) {
            for (ProcessHandle descendant : descendants) {
                if (descendant.isAlive()) {
                    remaining.addAll(descendant.descendants().toList());
                    remaining.add(descendant);
                }
            }
            remaining.forEach(ProcessHandle::destroy);
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), MIN_DESCENDANT_GRACE.toNanos()));
            if (remaining.isEmpty() || awaitExit(remaining, left)) {
                return true;
            }
        } else {
            remaining.addAll(descendants);
            remaining.add(root);
        }
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle handle : remaining) {
            if (handle.isAlive()) {
                survivors.addAll(handle.descendants().toList());
                survivors.add(handle);
            }
        }
        LOG.warn("Process {} or its descendants did not exit within {} of SIGTERM; killing {} process(es)",
                root.pid(), grace, survivors.size());
        survivors.forEach(ProcessHandle::destroyForcibly);
        awaitExit(survivors, Duration.ofSeconds(5));
        return false;
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new PythonHarnessException("waiting for process exit failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
