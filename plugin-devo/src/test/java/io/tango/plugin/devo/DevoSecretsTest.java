package io.tango.plugin.devo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tango.api.ModelKey;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.deploy.DeploymentClient;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.runtime.TangoRuntime;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.logging.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run with a token, a password in a URL and a token in a profile file, through the runtime, every Devo component,
 * their successes and their failures (wrong token, silent, broken, faulty and unreachable servers, bad config): none
 * of the secrets appears in any log event at TRACE, exception message, {@code toString()} or returned value.
 */
class DevoSecretsTest {
    private static final String TOKEN = DevoTestServer.TOKEN;
    private static final String PASSWORD = "pa55w0rd-in-the-url-31c7";
    private static final String PROFILE_TOKEN = "profile-token-8e2a";
    private static final String WRONG_TOKEN = "wrong-token-0b6d";

    @TempDir
    Path root;

    private final List<String> seen = new ArrayList<>();

    @Test
    void noSecretAppearsInLogsMessagesOrToString() throws IOException {
        List<ILoggingEvent> events;
        try (CapturedLogs logs = CapturedLogs.atTrace();
                FakeModelManagerServer server = DevoTestServer.start();
                FaultyHttpServer faulty = FaultyHttpServer.start(Fault.serverError())) {
            exercise(server, faulty);
            events = logs.events();
            seen.addAll(logs.texts());
        }
        assertThat(events).hasSizeGreaterThan(50);
        assertThat(seen).hasSizeGreaterThan(100);
        assertThat(seen).allSatisfy(text -> assertThat(text)
                .doesNotContain(TOKEN)
                .doesNotContain(PASSWORD)
                .doesNotContain(PROFILE_TOKEN)
                .doesNotContain(WRONG_TOKEN));
    }

    private void exercise(FakeModelManagerServer server, FaultyHttpServer faulty) throws IOException {
        String latest = server.url(FakeModelManagerServer.LATEST).toString();
        String withPassword = latest.replace("http://", "http://admin:" + PASSWORD + "@");
        Path downloads = Files.createDirectories(root.resolve("downloads"));
        Path profiles = Files.writeString(root.resolve("modelmanager.ini"), "[staging]\nurl = " + latest + "\ntoken = "
                + PROFILE_TOKEN + "\n\n[expired]\nurl = " + latest + "\ntoken = " + WRONG_TOKEN + "\n");
        server.addToken(PROFILE_TOKEN, DevoTestServer.DOMAIN);
        Path model = Files.writeString(root.resolve("churn.onnx"), "churn model");
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("url", withPassword);
        connection.put("token", TOKEN);
        connection.put("download_path", downloads.toString());
        connection.put("max_retries", 1);
        connection.put("timeout", "2s");
        Map<String, Object> silent = Map.of("url", server.url(FakeModelManagerServer.SILENT).toString(), "token", TOKEN,
                "timeout", "300ms");
        Map<String, Object> broken = Map.of("url", server.url(FakeModelManagerServer.BROKEN).toString(), "token", TOKEN,
                "max_retries", 1);
        Map<String, Object> faultyConfig = Map.of("url", faulty.uri() + "/mlmodelmanager", "token", TOKEN,
                "max_retries", 2, "timeout", "1s");
        Map<String, Object> profileFinder = Map.of("profile_path", profiles.toString(), "download_path",
                downloads.toString());
        Map<String, Object> document = Map.of("model_management", Map.of(
                "finders", Map.of("devo", Map.of("type", "DEVO", "config", connection),
                        "profiles", Map.of("type", "DEVO", "config", profileFinder),
                        "silent", Map.of("type", "DEVO", "config", silent)),
                "registries", Map.of("devo", Map.of("type", "DEVO", "config", connection),
                        "broken", Map.of("type", "DEVO", "config", broken),
                        "faulty", Map.of("type", "DEVO", "config", faultyConfig)),
                "deployment_targets", Map.of("devo", Map.of("type", "devo", "config", connection))));

        try (TangoRuntime runtime = TangoRuntime.builder().config(document).environment(Map.of()).build()) {
            see(runtime.toString());
            see(runtime.configuredInstances().toString());
            see(runtime.finder("devo").find(ModelKey.of("devo://devo/iris")).orElseThrow().toString());
            see(runtime.finder("profiles").find(ModelKey.of("devo://staging/iris")).orElseThrow().toString());
            attempt(() -> runtime.finder("profiles").find(ModelKey.of("devo://expired/iris")));
            attempt(() -> runtime.finder("silent").find(ModelKey.of("devo://silent/iris")));
            see(runtime.finder("devo").find(ModelKey.of("devo://devo/missing")).toString());
            ModelRegistryConnector registry = runtime.registry("devo");
            see(registry.toString());
            see(registry.registryUrl().toString());
            see(registry.nativeMetadata(ModelKey.of("fraud")).toString());
            see(registry.downloadModel(ModelKey.of("iris"), downloads).toString());
            see(registry.getResource(ModelKey.of("iris"), downloads, "iris.onnx"));
            attempt(() -> registry.getResource(ModelKey.of("iris"), downloads, "MLmodel"));
            attempt(() -> registry.nativeMetadata(ModelKey.of("missing")));
            attempt(() -> runtime.registry("broken").nativeMetadata(ModelKey.of("iris")));
            faulty.enqueue(Fault.closeMidResponse(), Fault.truncatedJson(), Fault.wrongContentType(), Fault.reset());
            for (int i = 0; i < 4; i++) {
                attempt(() -> runtime.registry("faulty").nativeMetadata(ModelKey.of("iris")));
            }
            faulty.enqueue(Fault.neverAnswer(), Fault.tooManyRequests(60));
            attempt(() -> runtime.registry("faulty").nativeMetadata(ModelKey.of("iris")));
            attempt(() -> runtime.registry("faulty").nativeMetadata(ModelKey.of("iris")));
            DeploymentClient target = runtime.deploymentClient("devo");
            see(target.toString());
            see(target.createDeployment("churn", model.toString(), Optional.empty(), Map.of("description", "c")).toString());
            see(target.updateDeployment("churn", Optional.empty(), Optional.empty(), Map.of()).toString());
            see(target.getDeployment("churn").toString());
            see(target.listDeployments().toString());
            see(target.targetHelp());
            attempt(() -> target.createDeployment("churn", model.toString(), Optional.empty(), Map.of()));
            attempt(() -> target.getDeployment("nothing"));
            attempt(() -> {
                target.deleteDeployment("churn", Map.of());
                return "deleted";
            });
        }

        Map<String, Object> wrongType = new LinkedHashMap<>(connection);
        wrongType.put("token", List.of(TOKEN));
        attempt(() -> build(Map.of("finders", Map.of("bad", Map.of("type", "DEVO", "config", wrongType))), Map.of(),
                runtime -> runtime.finder("bad")));
        Map<String, Object> badUrl = new LinkedHashMap<>(connection);
        badUrl.put("url", "ftp://admin:" + PASSWORD + "@host/x");
        attempt(() -> build(Map.of("registries", Map.of("bad", Map.of("type", "DEVO", "config", badUrl))), Map.of(),
                runtime -> runtime.registry("bad")));
        attempt(() -> build(Map.of(), Map.of("TANGO__MODEL_MANAGEMENT__FINDERS__ENV__TYPE", "DEVO",
                "TANGO__MODEL_MANAGEMENT__FINDERS__ENV__CONFIG__TOKEN", TOKEN), runtime -> runtime.finder("env")));
    }

    private static Object build(Map<String, Object> management, Map<String, String> environment,
            java.util.function.Function<TangoRuntime, Object> use) {
        try (TangoRuntime runtime = TangoRuntime.builder().environment(environment)
                .config(Map.of("model_management", management)).build()) {
            return String.valueOf(use.apply(runtime));
        }
    }

    private void see(String text) {
        seen.add(text);
    }

    private void attempt(ThrowingCall call) {
        try {
            Object result = call.run();
            seen.add(String.valueOf(result));
        } catch (RuntimeException e) {
            for (Throwable error = e; error != null; error = error.getCause()) {
                seen.add(error.toString());
                seen.add(String.valueOf(error.getMessage()));
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        Object run();
    }
}
