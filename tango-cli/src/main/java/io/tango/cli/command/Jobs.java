package io.tango.cli.command;

import io.tango.api.JobNotFoundException;
import io.tango.api.job.JobFuture;
import io.tango.api.job.JobInfo;
import io.tango.runtime.TangoRuntime;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Finding jobs by id and printing them. */
final class Jobs {
    private Jobs() {}

    /**
     * A job by id: a training of the trainer the id names, else a prediction of the job predictor it names.
     *
     * @throws JobNotFoundException if neither knows it, with the trainer's explanation
     */
    static JobFuture<?> find(TangoRuntime runtime, String id) {
        try {
            return runtime.modelManager().trainingFuture(id);
        } catch (JobNotFoundException training) {
            try {
                return runtime.modelManager().predictionFuture(id);
            } catch (JobNotFoundException prediction) {
                throw training;
            }
        }
    }

    static void print(JobInfo info, PrintWriter out) {
        Fields lines = new Fields()
                .add("id", info.id())
                .add("status", info.status().name() + (info.progress().isPresent()
                        ? String.format(Locale.ROOT, " (%d%%)", Math.round(info.progress().getAsDouble() * 100)) : ""))
                .add("submitted", info.submitted().toString())
                .add("started", info.started().map(Object::toString).orElse("-"))
                .add("completed", info.completed().map(Object::toString).orElse("-"));
        info.errors().forEach(error -> lines.add("error", error.toString()));
        info.details().forEach(lines::add);
        lines.print(out);
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
