package io.tango.cli.command;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs foreground work (a server) until the process is asked to stop (Ctrl-C, SIGTERM) or the thread is
 * interrupted: a shutdown hook interrupts the working thread and waits for it to clean up, so servers stop and
 * records are written before the JVM exits.
 */
final class UntilStopped implements AutoCloseable {
    private static final long CLEANUP_SECONDS = 20;

    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;

    /** Registers the hook for the calling thread. */
    UntilStopped() {
        Thread worker = Thread.currentThread();
        hook = new Thread(() -> {
            worker.interrupt();
            try {
                cleanedUp.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tango-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Blocks until the process is asked to stop or the thread is interrupted. The interrupt is the stop signal and is
     * consumed, so the cleanup that follows (closing servers, writing records) is not cut short by it.
     */
    void await() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // Asked to stop: carry on with the cleanup.
        }
    }

    /** Clears the thread's interrupt (the stop signal) after foreground work returned because of it. */
    static void clearStopSignal() {
        Thread.interrupted();
    }

    /** Marks the cleanup done (call it after cleaning up) and removes the hook unless it is running. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is what woke us.
        }
    }
}
