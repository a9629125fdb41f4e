package io.tango.toolkit.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Stops processes together with every process they started: SIGTERM, a grace period, then SIGKILL for whatever is
 * still alive (including processes started meanwhile). Both methods return once everything has exited, or at most
 * 5 s after the kill. Stateless; safe for concurrent use.
 */
public final class ProcessTrees {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTrees.class);
    /** How long killed processes get to disappear. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /** The least time descendants get after SIGTERM, even when the root took all of the grace period. */
    private static final Duration MIN_DESCENDANT_GRACE = Duration.ofSeconds(2);

    private ProcessTrees() {
    }

    /**
     * Signals every process of the trees at once (SIGTERM), waits up to {@code grace} for all to exit, then kills
     * (SIGKILL) the survivors and their descendants.
     *
     * @param roots the processes, the main one first (messages name it); not empty
     * @param grace how long to wait after SIGTERM before SIGKILL
     * @return whether everything exited within the grace period (also when nothing was alive)
     * @throws IllegalArgumentException if {@code roots} is empty
     * @throws NullPointerException if an argument is null
     */
    public static boolean stopTogether(List<ProcessHandle> roots, Duration grace) {
        requireNonNull(grace, "grace is null");
        if (requireNonNull(roots, "roots is null").isEmpty()) {
            throw new IllegalArgumentException("roots is empty");
        }
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
            LOG.info("Stopped process {} and its descendants", root.pid());
            return true;
        }
        killSurvivors(root, tree, grace);
        return false;
    }

    /**
     * Signals {@code root} first (SIGTERM), so that it can shut its own children down as it would on a console
     * interrupt (some servers, such as DEEPaaS with its process pool, hang when their workers are signalled at the
     * same time). Once it has exited, its descendants still alive (listed before anything was signalled, because
     * orphans can no longer be found through their parent) are signalled too. Whatever is alive when {@code grace}
     * has passed (at least 2 s after the descendants were signalled) is killed (SIGKILL).
     *
     * @param root the process to stop
     * @param grace how long to wait for a graceful exit
     * @return whether everything exited without being killed
     * @throws NullPointerException if an argument is null
     */
    public static boolean stopRootFirst(ProcessHandle root, Duration grace) {
        requireNonNull(root, "root is null");
        requireNonNull(grace, "grace is null");
        long deadline = System.nanoTime() + grace.toNanos();
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroy();
        List<ProcessHandle> remaining = new ArrayList<>();
        if (awaitExit(List.of(root), grace)) {
            remaining.addAll(alive(descendants));
            remaining.forEach(ProcessHandle::destroy);
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), MIN_DESCENDANT_GRACE.toNanos()));
            if (remaining.isEmpty() || awaitExit(remaining, left)) {
                return true;
            }
        } else {
            remaining.addAll(descendants);
            remaining.add(root);
        }
        killSurvivors(root, remaining, grace);
        return false;
    }

    private static void killSurvivors(ProcessHandle root, List<ProcessHandle> signalled, Duration grace) {
        List<ProcessHandle> survivors = alive(signalled);
        LOG.warn("Process {} or its descendants did not exit within {} of SIGTERM; killing {} process(es)",
                root.pid(), grace, survivors.size());
        survivors.forEach(ProcessHandle::destroyForcibly);
        awaitExit(survivors, KILL_WAIT);
    }

    /** @return the handles still alive, each preceded by its current descendants */
    private static List<ProcessHandle> alive(List<ProcessHandle> handles) {
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle handle : handles) {
            if (handle.isAlive()) {
                alive.addAll(handle.descendants().toList());
                alive.add(handle);
            }
        }
        return alive;
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
}
