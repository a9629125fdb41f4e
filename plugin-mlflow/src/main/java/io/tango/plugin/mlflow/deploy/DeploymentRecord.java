package io.tango.plugin.mlflow.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What {@link MlflowDeploymentClient} keeps on disk about one deployment (one JSON file per deployment).
 *
 * @param name the deployment's name
 * @param modelUri the model it serves
 * @param flavor the flavor it was created with, or null
 * @param port the port on 127.0.0.1
 * @param pid the scoring server's process id
 * @param processStart when that process started, in epoch milliseconds (guards against a reused pid), or 0
 * @param logFile the server's log
 * @param envManager its {@code --env-manager}
 * @param workers its number of workers
 * @param inputFormat the input format requests use
 * @param created when the deployment was created, ISO-8601
 * @param updated when it was last updated, ISO-8601
 */
public record DeploymentRecord(
        @JsonProperty("name") String name,
        @JsonProperty("model_uri") String modelUri,
        @JsonProperty("flavor") String flavor,
        @JsonProperty("port") int port,
        @JsonProperty("pid") long pid,
        @JsonProperty("process_start") long processStart,
        @JsonProperty("log_file") String logFile,
        @JsonProperty("env_manager") String envManager,
        @JsonProperty("workers") int workers,
        @JsonProperty("input_format") String inputFormat,
        @JsonProperty("created") String created,
        @JsonProperty("updated") String updated) {

    public DeploymentRecord {
        requireNonNull(name, "name is null");
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(logFile, "logFile is null");
        requireNonNull(envManager, "envManager is null");
        requireNonNull(inputFormat, "inputFormat is null");
        requireNonNull(created, "created is null");
        requireNonNull(updated, "updated is null");
    }

    /** @return the flavor, when one was given */
    public Optional<String> flavorIfAny() {
        return Optional.ofNullable(flavor);
    }

    /** @return the server process, when it still runs (and is the same process, not a reused pid) */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> processStart == 0 || handle.info().startInstant()
                        .map(start -> start.toEpochMilli() == processStart)
                        .orElse(true));
    }
}
