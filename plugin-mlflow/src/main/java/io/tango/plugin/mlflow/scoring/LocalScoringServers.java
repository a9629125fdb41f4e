package io.tango.plugin.mlflow.scoring;

import io.tango.api.TangoException;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.toolkit.http.HttpAuth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Starts {@code mlflow models serve} processes on free ports of 127.0.0.1 for models that only Python can run (an
 * initializer's pyfunc models, explainers). The caller owns each process and closes it; a JVM shutdown hook stops
 * those still running when the JVM exits.
 *
 * @param mlflowCommand the {@code mlflow} executable
 * @param envManager the {@code --env-manager} value
 * @param workers the number of uvicorn workers
 * @param startupTimeout how long a server may take to answer {@code /ping}
 * @param logDir where the servers' logs go
 * @param credentials the credentials children use for the tracking server
 * @param trackingUri the tracking server children resolve {@code models:/} URIs against, when configured
 */
public record LocalScoringServers(
        String mlflowCommand,
        String envManager,
        int workers,
        Duration startupTimeout,
        Path logDir,
        HttpAuth credentials,
        Optional<URI> trackingUri) {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    public LocalScoringServers {
        requireNonNull(mlflowCommand, "mlflowCommand is null");
        requireNonNull(envManager, "envManager is null");
        requireNonNull(startupTimeout, "startupTimeout is null");
        requireNonNull(logDir, "logDir is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(trackingUri, "trackingUri is null");
    }

    /**
     * @param what how messages and the log file name it
     * @param modelUri the model to serve
     * @param fallbackTrackingUri the tracking server to use when none is configured (e.g. the one a descriptor came
     *     from)
     * @return the running server
     */
    public ScoringServerProcess start(String what, String modelUri, Optional<URI> fallbackTrackingUri) {
        Optional<MlflowConnection> connection = trackingUri.or(() -> fallbackTrackingUri)
                .map(uri -> MlflowConnection.of(uri).withCredentials(credentials));
        ScoringServerLauncher launcher = new ScoringServerLauncher(
                mlflowCommand, ScoringServerLauncher.trackingVariables(connection), startupTimeout);
        Path log = logDir.resolve(UNSAFE.matcher(what).replaceAll("_") + "-" + STAMP.format(Instant.now()) + ".log");
        return launcher.start(what, modelUri, freePort(), envManager, workers, log).stopWithJvm();
    }

    /** @return a TCP port of 127.0.0.1 that was free a moment ago */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TangoException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
