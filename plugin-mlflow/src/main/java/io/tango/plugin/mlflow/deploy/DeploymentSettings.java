package io.tango.plugin.mlflow.deploy;

import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.plugin.mlflow.scoring.ScoringInputFormat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How {@link MlflowDeploymentClient} runs scoring servers.
 *
 * @param mlflowCommand the {@code mlflow} executable, a name on {@code PATH} or a path
 * @param stateDir where deployment records and server logs are kept
 * @param envManager the default {@code --env-manager}
 * @param workers the default number of uvicorn workers
 * @param startupTimeout how long a server may take to answer {@code /ping}
 * @param connectTimeout the longest wait for a connection to a server
 * @param requestTimeout the longest wait for a prediction
 * @param inputFormat the default input format of predictions
 * @param stopOnClose whether closing the client stops the servers it started
 * @param tracking the tracking server the servers resolve {@code models:/} URIs against, when there is one
 */
public record DeploymentSettings(
        String mlflowCommand,
        Path stateDir,
        String envManager,
        int workers,
        Duration startupTimeout,
        Duration connectTimeout,
        Duration requestTimeout,
        ScoringInputFormat inputFormat,
        boolean stopOnClose,
        Optional<MlflowConnection> tracking) {

    public DeploymentSettings {
        requireNonNull(mlflowCommand, "mlflowCommand is null");
        requireNonNull(stateDir, "stateDir is null");
        requireNonNull(envManager, "envManager is null");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        requireNonNull(startupTimeout, "startupTimeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(inputFormat, "inputFormat is null");
        requireNonNull(tracking, "tracking is null");
    }
}
