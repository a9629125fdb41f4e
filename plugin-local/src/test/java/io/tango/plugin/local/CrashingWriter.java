package io.tango.plugin.local;

import io.tango.api.ModelSignature;
import io.tango.api.job.TrainingRequest;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.plugin.local.job.LocalModelTrainer;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.ModelDraft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: on one store it writes, without pause and on three threads, model
 * versions (256 KiB artifacts whose SHA-256 is in their metadata), deployment records (updated, created and deleted)
 * and training job records (real trainings), printing {@code READY <writer>} once each writer has written once. It
 * runs until it is killed. Whatever ends a thread early, on any thread, is printed as {@code FAILED <thread>: <error>},
 * which fails the test.
 */
public final class CrashingWriter {
    static final String CHECKED_MODEL = "checked";
    static final String SHA256 = "crash.sha256";
    static final int ARTIFACT_SIZE = 256 * 1024;

    private CrashingWriter() {}

    public static void main(String[] args) throws Exception {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> failed(thread.getName(), error));
        Path root = Path.of(args[0]);
        LocalModelStore store = new LocalModelStore(root);
        LocalModelLoader loader = new LocalModelLoader(ModelEngines.discover(), EngineSettings.defaults());
        if (store.find("constant", Optional.empty()).isEmpty()) {
            store.save("constant", Optional.of("1"), directory -> {
                Files.writeString(directory.resolve("model.bin"), "constant");
                return new ModelDraft("constant", "model.bin", ModelSignature.UNKNOWN, Map.of("constant.value", "ok"));
            }, () -> true);
        }
        start("models", () -> {
            for (long n = 0; ; n++) {
                byte[] content = new byte[ARTIFACT_SIZE];
                new Random(n).nextBytes(content);
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
                store.save(CHECKED_MODEL, Optional.empty(), directory -> {
                    Files.write(directory.resolve("model.bin"), content);
                    return new ModelDraft("checked", "model.bin", ModelSignature.UNKNOWN, Map.of(SHA256, sha256));
                }, () -> true);
                ready("models", n);
            }
        });
        start("deployments", () -> {
            LocalDeploymentClient client = new LocalDeploymentClient(store, new LocalModelFinder(store, "crash"), loader,
                    ServingSettings.defaults(), Clock.systemUTC());
            if (client.listDeployments().stream().noneMatch(deployment -> deployment.name().equals("steady"))) {
                client.createDeployment("steady", "constant", Optional.empty(), Map.of());
            }
            for (long n = 0; ; n++) {
                client.updateDeployment("steady", Optional.empty(), Optional.empty(),
                        Map.of("port", Long.toString(1024 + n % 60_000)));
                String name = "churn-" + n % 5;
                if (client.listDeployments().stream().anyMatch(deployment -> deployment.name().equals(name))) {
                    client.deleteDeployment(name, Map.of());
                } else {
                    client.createDeployment(name, "constant/1", Optional.empty(), Map.of("port", Long.toString(n)));
                }
                ready("deployments", n);
            }
        });
        start("jobs", () -> {
            LocalModelTrainer trainer = new LocalModelTrainer("crash", store, loader, 1, 4, Duration.ofDays(1),
                    Clock.systemUTC());
            Map<String, Object> arguments = new LinkedHashMap<>(Fixtures.irisArguments());
            arguments.put("epochs", 1);
            for (long n = 0; ; n++) {
                trainer.train(TrainingRequest.of("trained", arguments)).result(Duration.ofMinutes(1));
                ready("jobs", n);
            }
        });
    }

    private static void ready(String writer, long iteration) {
        if (iteration == 0) {
            System.out.println("READY " + writer);
            System.out.flush();
        }
    }

    private static void start(String name, Writer writer) {
        Thread thread = new Thread(() -> {
            try {
                writer.run();
            } catch (Throwable e) {
                failed(name, e);
            }
        }, "crashing-writer-" + name);
        thread.start();
    }

    private static void failed(String name, Throwable error) {
        System.out.println("FAILED " + name + ": " + error);
        System.out.flush();
    }

    @FunctionalInterface
    private interface Writer {
        void run() throws Exception;
    }
}
