package io.tango.plugin.mlflow.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tango.plugin.mlflow.scoring.ProcessStat;

import java.util.ArrayList;
import java.util.List;
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
 * @param processStart when that process started, in epoch milliseconds, or 0
 * @param processStartTicks when that process started, in clock ticks after boot from {@code /proc/<pid>/stat}, or 0
 *     where there is no {@code /proc}; with {@code processStart}, it tells the server from a later process reusing its pid
 * @param processGroup the process group the server leads when it was started detached, else 0
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
        @JsonProperty("process_start_ticks") long processStartTicks,
        @JsonProperty("process_group") long processGroup,
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
                .filter(handle -> processStartTicks == 0 || ProcessStat.of(pid)
                        .map(stat -> stat.isRunning() && stat.startTicks() == processStartTicks)
                        .orElse(false))
                .filter(handle -> processStart == 0 || handle.info().startInstant()
                        .map(start -> start.toEpochMilli() == processStart)
                        .orElse(true));
    }

    /**
     * @return the server process, when it still runs, and the processes left in the process group it leads (its
     *     uvicorn workers, also after the server itself died); none of a group whose id a new process took over
     */
    public List<ProcessHandle> serverProcesses() {
        List<ProcessHandle> processes = new ArrayList<>();
        liveProcess().ifPresent(processes::add);
        if (processGroup > 0 && (!processes.isEmpty() || ProcessStat.of(processGroup).filter(ProcessStat::isRunning).isEmpty())) {
            for (ProcessStat member : ProcessStat.group(processGroup)) {
                if (member.pid() != pid && member.startTicks() >= processStartTicks) {
                    ProcessHandle.of(member.pid()).ifPresent(processes::add);
                }
            }
        }
        return processes;
    }
}
