package io.tango.cli.command;

import io.tango.api.job.JobFuture;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Shows a job's progress while waiting for it: a bar redrawn in place on a terminal, or a plain line whenever the
 * status changes or another tenth is done (for logs and pipes). Not thread-safe.
 */
final class JobProgress {
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean interactive;
    private final String label;
    private JobStatus lastStatus;
    private int lastTenth = -1;
    private int lastWidth;

    /**
     * @param err where progress goes (standard error: standard output is for results)
     * @param interactive whether a person watches a terminal
     * @param label what the job is, e.g. "training iris"
     */
    JobProgress(PrintWriter err, boolean interactive, String label) {
        this.err = err;
        this.interactive = interactive;
        this.label = label;
    }

    /**
     * Waits for the job to end, showing its progress.
     *
     * @param job the job
     * @param timeout how long to wait at most
     * @return the job's last state (terminal unless the timeout ran out)
     * @throws InterruptedException if interrupted while waiting
     */
    JobInfo follow(JobFuture<?> job, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Duration interval = Duration.ofMillis(interactive ? 100 : 250);
        JobInfo info = job.info();
        show(info);
        while (!info.status().isTerminal()) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            info = job.await(left.compareTo(interval) < 0 ? left : interval);
            show(info);
        }
        if (interactive) {
            err.println();
        }
        err.flush();
        return info;
    }

    private void show(JobInfo info) {
        if (interactive) {
            String line = bar(info);
            err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            err.flush();
            return;
        }
        int tenth = info.progress().isPresent() ? (int) Math.floor(info.progress().getAsDouble() * 10) : -1;
        if (info.status() != lastStatus || tenth > lastTenth) {
            err.println(label + ": " + info.status() + percent(info));
            err.flush();
            lastStatus = info.status();
            lastTenth = tenth;
        }
    }

    private String bar(JobInfo info) {
        StringBuilder line = new StringBuilder(label).append("  [");
        if (info.progress().isPresent()) {
            int filled = (int) Math.round(info.progress().getAsDouble() * BAR_WIDTH);
            line.append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", Math.round(info.progress().getAsDouble() * 100)));
        } else {
            line.append("-".repeat(BAR_WIDTH)).append("]     ");
        }
        Duration elapsed = Duration.between(info.started().orElse(info.submitted()), info.completed().orElse(Instant.now()));
        line.append("  ").append(info.status()).append("  ")
                .append(String.format(Locale.ROOT, "%d.%ds", elapsed.toSeconds(), elapsed.toMillisPart() / 100));
        return line.toString();
    }

    private static String percent(JobInfo info) {
        return info.progress().isPresent()
                ? String.format(Locale.ROOT, " %d%%", Math.round(info.progress().getAsDouble() * 100))
                : "";
    }
}
