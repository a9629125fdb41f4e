package io.tango.plugin.deepaas;

import io.tango.api.job.JobError;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.plugin.deepaas.client.DeepaasTraining;
import io.tango.plugin.deepaas.client.Json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Maps DEEPaaS training documents to TANGO job states. Stateless. */
final class TrainingStates {
    /** Job error type of a training the model's {@code train} failed. */
    static final String TRAINING_ERROR = "DeepaasTrainingError";

    /** Python's {@code str(datetime)}: {@code 2024-01-01 12:00:00.123456}, the fraction left out when it is zero. */
    private static final DateTimeFormatter PYTHON_DATE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private TrainingStates() {}

    /**
     * @param status a DEEPaaS training status
     * @return its TANGO status; an unknown status counts as still running
     */
    static JobStatus status(String status) {
        return switch (status) {
            case "done", "completed" -> JobStatus.COMPLETED;
            case "error" -> JobStatus.ERRORED;
            case "cancelled", "canceled" -> JobStatus.CANCELED;
            default -> JobStatus.RUNNING;
        };
    }

    /**
     * @param jobId the TANGO job id
     * @param model the model's URL key
     * @param training the server's document
     * @param observed when the document was read: the completion time of a training that ended without a finish date
     * @return the job's state
     */
    static JobInfo info(String jobId, String model, DeepaasTraining training, Instant observed) {
        JobStatus status = status(training.status());
        Instant submitted = instant(training.date()).orElse(observed);
        Optional<Instant> completed = Optional.empty();
        if (status.isTerminal()) {
            completed = Optional.of(training.finishDate().flatMap(TrainingStates::instant).orElse(observed));
        }
        List<JobError> errors = status == JobStatus.ERRORED
                ? List.of(new JobError(TRAINING_ERROR, training.message().orElse("the training failed without a message")))
                : List.of();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("deepaas.uuid", training.uuid());
        if (model != null) {
            details.put("deepaas.model", model);
        }
        details.put("deepaas.status", training.status());
        details.put("deepaas.arguments", Json.write(training.arguments()));
        training.output().ifPresent(output -> details.put("deepaas.output", Json.toText(output)));
        training.duration().ifPresent(duration -> details.put("deepaas.duration", duration));
        return new JobInfo(jobId, status, errors, submitted, Optional.of(submitted), completed, OptionalDouble.empty(),
                details);
    }

    /**
     * @param info a job's last known state
     * @param status its new terminal status
     * @param errors its errors
     * @param when when it ended
     * @return the state with that status
     */
    static JobInfo ended(JobInfo info, JobStatus status, List<JobError> errors, Instant when) {
        Map<String, String> details = new LinkedHashMap<>(info.details());
        return new JobInfo(info.id(), status, errors, info.submitted(), info.started(), Optional.of(when),
                info.progress(), details);
    }

    /**
     * @param info the last state seen of a training that had not ended
     * @param service the server, for the message ({@code DEEPaaS at http://...})
     * @param uuid the training's uuid
     * @param model the model's URL key
     * @param when when the server was found not to know it
     * @return the training ERRORED, saying that the server forgot it
     */
    static JobInfo vanished(JobInfo info, String service, String uuid, String model, Instant when) {
        return ended(info, JobStatus.ERRORED, List.of(new JobError("JobNotFoundException", service
                + " no longer knows training " + uuid + " of model '" + model + "': it keeps trainings in memory only"
                + " (it restarted, or another client canceled the training)")), when);
    }

    /** DEEPaaS dates are the server's local time without a zone; this reads them in the JVM's zone. */
    private static Optional<Instant> instant(String date) {
        try {
            return Optional.of(LocalDateTime.parse(date, PYTHON_DATE).atZone(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
