package io.tango.cli.command;

import io.tango.api.JobCanceledException;
import io.tango.api.JobFailedException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.job.JobFuture;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.cli.Json;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code tango jobs}: list, inspect, cancel and wait for trainings and predictions by id. */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = {
                "Lists, inspects, cancels and waits for background jobs.",
                "",
                "Job ids read <instance>:<id>: the instance is the trainer (or job predictor) that owns the job, so "
                        + "any id finds its owner."},
        subcommands = {
                JobsCommand.ListJobs.class,
                JobsCommand.Status.class,
                JobsCommand.Cancel.class,
                JobsCommand.Wait.class})
public final class JobsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: list, status, cancel or wait");
    }

    /** {@code tango jobs list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Lists the trainings the trainers know (oldest first), with their status.")
    public static final class ListJobs extends TangoSubcommand implements Callable<Integer> {
        @Option(names = "--trainer", paramLabel = "NAME", description = "Only this trainer's jobs (default: every configured trainer).")
        String trainer;

        @Mixin
        OutputFormatOption format;

        @Override
        public Integer call() {
            try (TangoRuntime runtime = openRuntime()) {
                List<String> trainers = trainer != null ? List.of(trainer) : List.copyOf(runtime.instanceNames(ComponentKind.TRAINER));
                List<JobInfo> jobs = new ArrayList<>();
                for (String name : trainers) {
                    jobs.addAll(runtime.trainer(name).listTrainings());
                }
                if (format.json()) {
                    out().println(Json.write(jobs.stream().map(Json::job).collect(Collectors.toList())));
                    return 0;
                }
                if (jobs.isEmpty()) {
                    out().println("No jobs (trainers: " + (trainers.isEmpty() ? "none configured" : String.join(", ", trainers)) + ").");
                    return 0;
                }
                Table table = new Table("ID", "STATUS", "PROGRESS", "SUBMITTED", "MODEL");
                for (JobInfo job : jobs) {
                    table.row(job.id(), job.status().name(),
                            job.progress().isPresent() ? String.format(Locale.ROOT, "%d%%", Math.round(job.progress().getAsDouble() * 100)) : "-",
                            job.submitted().toString(), job.details().getOrDefault("model", "-"));
                    job.errors().forEach(error -> table.note("error: " + error));
                }
                table.print(out());
                return 0;
            }
        }
    }

    /** {@code tango jobs status ID}. */
    @Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Shows a job: status, progress, times, errors and details. Exit code 3 when no job has the id.")
    public static final class Status extends TangoSubcommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The job id, <instance>:<id>.")
        String id;

        @Mixin
        OutputFormatOption format;

        @Override
        public Integer call() {
            try (TangoRuntime runtime = openRuntime()) {
                JobInfo info = Jobs.find(runtime, id).info();
                if (format.json()) {
                    out().println(Json.write(Json.job(info)));
                } else {
                    Jobs.print(info, out());
                }
                return 0;
            }
        }
    }

    /** {@code tango jobs cancel ID}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a job: a queued one at once, a running one cooperatively. A finished job is left as it is.")
    public static final class Cancel extends TangoSubcommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The job id, <instance>:<id>.")
        String id;

        @Override
        public Integer call() {
            try (TangoRuntime runtime = openRuntime()) {
                JobFuture<?> job = Jobs.find(runtime, id);
                boolean canceled = job.cancel();
                JobStatus status = job.info().status();
                out().println(canceled ? "Canceled " + id : "Job " + id + " is " + status + "; nothing to cancel");
                return 0;
            }
        }
    }

    /** {@code tango jobs wait ID}. */
    @Command(name = "wait", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Waits for a job to end, showing its progress, and prints its final state.",
                "",
                "Exit code 0 when it COMPLETED, 1 when it ended ERRORED or CANCELED or the timeout ran out."})
    public static final class Wait extends TangoSubcommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The job id, <instance>:<id>.")
        String id;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "How long to wait at most (e.g. 90s, 10m). Default: until it ends.")
        Duration timeout;

        @Override
        public Integer call() throws InterruptedException {
            try (TangoRuntime runtime = openRuntime()) {
                JobFuture<?> job = Jobs.find(runtime, id);
                JobInfo info = new JobProgress(err(), context().interactive(), "job " + id)
                        .follow(job, timeout == null ? Duration.ofDays(365) : timeout);
                Jobs.print(info, out());
                return switch (info.status()) {
                    case COMPLETED -> 0;
                    case ERRORED -> throw new JobFailedException("job " + id + " ended ERRORED: "
                            + info.errors().stream().map(Object::toString).collect(Collectors.joining("; ")), null);
                    case CANCELED -> throw new JobCanceledException("job " + id + " was canceled");
                    default -> throw new OperationTimeoutException("job " + id + " is still " + info.status() + " after " + timeout, timeout);
                };
            }
        }
    }
}
