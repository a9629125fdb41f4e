package io.tango.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import io.tango.api.TangoComponent;
import io.tango.cli.testing.CredentialEchoServer;
import io.tango.runtime.TangoRuntime;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.fault.RefusingPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's session with tokens and passwords configured for every plugin of the distribution (local, mlflow,
 * deepaas, devo) — in tango.yaml, in {@code user:password@} URLs, in a Devo profile file, in MLflow's
 * {@code environment} map and in {@code TANGO__…} environment overrides — against servers on 127.0.0.1 that refuse
 * them: one answering 401 with the credential headers it received echoed in its body, two gateways answering 500 with
 * the credentials of their client in theirs, and a closed port. Every command an operator would type runs in this JVM through
 * {@link TangoCli}'s command line with {@code -v} (debug logging and stack traces), with every logger forced to TRACE.
 *
 * <p>None of the secrets, nor the Base64 form of a {@code user:password} pair, appears on standard output, standard
 * error (stack traces included), in a log event (message and stack trace), or in the {@code toString()} of the
 * runtime and its components; and every command still fails with its typed, helpful error.
 *
 * <p>An IT: it loads the plugins from the distribution the package phase assembled ({@code plugins/}), each in its
 * own class loader, exactly as {@code bin/tango} does.
 */
class SecretsAreNeverPrintedIT {
    private static final String MLFLOW_TOKEN = "mlflowTrackingToken7a1f";
    private static final String MLFLOW_USER = "ada";
    private static final String MLFLOW_PASSWORD = "mlflowTrackingPassword3c9d";
    private static final String MLFLOW_SERVER_TOKEN = "mlflowServerToken5e2b";
    private static final String MLFLOW_MAP_TOKEN = "mlflowEnvironmentMapToken0d4e";
    private static final String MLFLOW_OVERRIDE_TOKEN = "mlflowOverrideToken91bc";
    private static final String DEVO_TOKEN = "devoToken64fa";
    private static final String DEVO_URL_PASSWORD = "devoUrlPassword2b7e";
    private static final String DEVO_PROFILE_TOKEN = "devoProfileToken8c31";
    private static final String DEVO_OVERRIDE_TOKEN = "devoOverrideToken5a09";
    private static final String DEEPAAS_URL_PASSWORD = "deepaasUrlPassword47d2";
    private static final String LOCAL_URL_PASSWORD = "localUrlPassword13e8";
    private static final String TYPO_TOKEN = "typoNeighbourToken7f60";

    /** Every secret of the session, and the Base64 {@code user:password} a client would send for each pair. */
    private static final List<String> SECRETS = List.of(MLFLOW_TOKEN, MLFLOW_PASSWORD, MLFLOW_SERVER_TOKEN,
            MLFLOW_MAP_TOKEN, MLFLOW_OVERRIDE_TOKEN, DEVO_TOKEN, DEVO_URL_PASSWORD, DEVO_PROFILE_TOKEN,
            DEVO_OVERRIDE_TOKEN, DEEPAAS_URL_PASSWORD, LOCAL_URL_PASSWORD, TYPO_TOKEN,
            basic(MLFLOW_USER, MLFLOW_PASSWORD), basic("admin", DEVO_URL_PASSWORD), basic("scorer", DEEPAAS_URL_PASSWORD),
            basic("scorer", LOCAL_URL_PASSWORD));

    @TempDir
    static Path folder;

    private static CredentialEchoServer echo;
    private static FaultyHttpServer mlflowGateway;
    private static FaultyHttpServer devoGateway;
    /** Held for the whole class, so that no other process can take the port and answer on it. */
    private static RefusingPort refusing;
    private static int closedPort;
    private static Path plugins;
    private static Path config;
    private static Map<String, String> environment;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Map<Logger, Level> levels = new HashMap<>();
    private final List<Appender<ILoggingEvent>> consoleAppenders = new ArrayList<>();
    private final TurboFilter everything = new TurboFilter() {
        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
            return FilterReply.ACCEPT;
        }
    };
    /** Everything printed or shown during a test: outputs, log events with stack traces, toString()s. */
    private final List<String> seen = new ArrayList<>();

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void startServersAndWriteTheConfiguration() throws IOException {
        String distribution = System.getProperty("tango.dist");
        assertThat(distribution).as("system property tango.dist (run through Maven's failsafe)").isNotNull();
        plugins = Path.of(distribution, "plugins");
        assertThat(plugins.resolve("mlflow")).isDirectory();

        echo = CredentialEchoServer.start();
        // Broken gateways that echo, in their error bodies, the credentials their client sent.
        mlflowGateway = FaultyHttpServer.start(Fault.json(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"cannot"
                + " check Authorization: Basic " + basic(MLFLOW_USER, MLFLOW_PASSWORD) + " (" + MLFLOW_USER + ":"
                + MLFLOW_PASSWORD + ")\"}"));
        devoGateway = FaultyHttpServer.start(Fault.json(500, "{\"code\": 12, \"msg\": \"cannot check standAloneToken "
                + DEVO_OVERRIDE_TOKEN + "\"}"));
        refusing = RefusingPort.open();
        closedPort = refusing.port();

        String echoUrl = echo.url();
        String faultyUrl = mlflowGateway.uri().toString();
        String devoGatewayUrl = devoGateway.uri().toString();
        String closedUrl = "http://127.0.0.1:" + closedPort;
        Path profiles = Files.writeString(folder.resolve("modelmanager.ini"),
                "[staging]\nurl = " + echoUrl + "/mlmodelmanager\ntoken = " + DEVO_PROFILE_TOKEN + "\n");
        String store = folder.resolve("store").toString();
        String cache = folder.resolve("cache").toString();
        String retries = "max_retries: 1, retry_delay: 10ms, max_retry_delay: 10ms";
        config = Cli.write(folder.resolve("tango.yaml"), """
                model_management:
                  finders:
                    default: {type: MULTI, config: {finder_priority: [local, mlflow, deepaas, devo]}}
                    local: {type: LOCAL, config: {root: "%1$s"}}
                    mlflow: {type: MLFLOW, config: {tracking_uri: "%2$s", tracking_token: %5$s, cache_dir: "%4$s", %6$s}}
                    mlflow_basic: {type: MLFLOW, config: {tracking_uri: "%3$s", tracking_username: %7$s, \
                tracking_password: %8$s, cache_dir: "%4$s", %6$s}}
                    mlflow_map: {type: MLFLOW, config: {tracking_uri: "%9$s", environment: {MLFLOW_TRACKING_TOKEN: %10$s}, \
                cache_dir: "%4$s", max_retries: 0}}
                    deepaas: {type: DEEPAAS, config: {base_url: "%2$s", max_retries: 0}}
                    devo: {type: DEVO, config: {url: "%11$s/mlmodelmanager", token: %12$s, download_path: "%4$s", max_retries: 0}}
                    gateway: {type: DEVO, config: {url: "%18$s/mlmodelmanager", download_path: "%4$s", max_retries: 1}}
                    devo_profiles: {type: DEVO, config: {profile_path: "%13$s", download_path: "%4$s", max_retries: 0}}
                  initializers:
                    default: {type: LOCAL}
                    mlflow: {type: MLFLOW, config: {server_token: %14$s, tracking_uri: "%2$s", tracking_token: %5$s, \
                max_retries: 0}}
                    deepaas: {type: DEEPAAS, config: {max_retries: 0}}
                  trainers:
                    default: {type: LOCAL, config: {root: "%1$s"}}
                    deepaas: {type: DEEPAAS, config: {base_url: "%15$s", max_retries: 0}}
                  job_predictors:
                    default: {type: LOCAL}
                    deepaas: {type: DEEPAAS}
                  registries:
                    mlflow: {type: MLFLOW, config: {tracking_uri: "%3$s", tracking_username: %7$s, tracking_password: %8$s, \
                %6$s}}
                    devo: {type: DEVO, config: {url: "%11$s/mlmodelmanager", token: %12$s, download_path: "%4$s"}}
                    deepaas: {type: DEEPAAS, config: {base_url: "%16$s"}}
                  model_servers:
                    mlflow: {type: MLFLOW, config: {server_url: "%2$s", server_token: %14$s, max_retries: 0}}
                    local: {type: LOCAL, config: {url: "%17$s"}}
                  deployment_targets:
                    local: {type: local, config: {root: "%1$s"}}
                    mlflow: {type: mlflow, config: {tracking_uri: "%2$s", state_dir: "%4$s/mlflow-state"}}
                    devo: {type: devo, config: {url: "%18$s/mlmodelmanager", download_path: "%4$s", max_retries: 0}}
                """.formatted(store, echoUrl, faultyUrl, cache, MLFLOW_TOKEN, retries, MLFLOW_USER, MLFLOW_PASSWORD,
                closedUrl, MLFLOW_MAP_TOKEN, echoUrl.replace("http://", "http://admin:" + DEVO_URL_PASSWORD + "@"),
                DEVO_TOKEN, profiles, MLFLOW_SERVER_TOKEN, closedUrl,
                echoUrl.replace("http://", "http://scorer:" + DEEPAAS_URL_PASSWORD + "@"),
                closedUrl.replace("http://", "http://scorer:" + LOCAL_URL_PASSWORD + "@"), devoGatewayUrl));
        environment = Map.of(
                TangoCommand.CONFIG_ENV, config.toString(),
                "TANGO__MODEL_MANAGEMENT__DEPLOYMENT_TARGETS__MLFLOW__CONFIG__TRACKING_TOKEN", MLFLOW_OVERRIDE_TOKEN,
                "TANGO__MODEL_MANAGEMENT__DEPLOYMENT_TARGETS__DEVO__CONFIG__TOKEN", DEVO_OVERRIDE_TOKEN,
                "TANGO__MODEL_MANAGEMENT__FINDERS__GATEWAY__CONFIG__TOKEN", DEVO_OVERRIDE_TOKEN);
    }

    @AfterAll
    static void stopServers() {
        if (refusing != null) {
            refusing.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (mlflowGateway != null) {
            mlflowGateway.close();
        }
        if (devoGateway != null) {
            devoGateway.close();
        }
    }

    @BeforeEach
    void captureEveryLogEventAtTrace() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLoggerList().forEach(logger -> levels.put(logger, logger.getLevel()));
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            consoleAppenders.add(it.next());
        }
        consoleAppenders.forEach(root::detachAppender);
        logs.start();
        root.addAppender(logs);
        everything.start();
        context.addTurboFilter(everything);
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getTurboFilterList().remove(everything);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        consoleAppenders.forEach(root::addAppender);
        levels.forEach(Logger::setLevel);
    }

    /** What a run printed and returned. */
    private record Run(int exitCode, String out, String err) {}

    private Run tango(String... args) {
        return tango(environment, args);
    }

    private Run tango(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(new byte[0]), environment, Optional.empty(), false);
        List<String> command = new ArrayList<>(List.of("-v", "--plugin-dir", plugins.toString()));
        command.addAll(List.of(args));
        String[] line = command.toArray(String[]::new);
        int exitCode = TangoCli.commandLine(context, line).execute(line);
        Run run = new Run(exitCode, out.toString(), err.toString());
        seen.add(run.out());
        seen.add(run.err());
        return run;
    }

    /** @return the first line of a run's standard error: the error, before {@code -v}'s stack trace */
    private static String error(Run run) {
        return run.err().lines().filter(line -> line.startsWith("error: ")).findFirst().orElse("(no error line) " + run.err());
    }

    private void assertNoSecretWasShown() {
        for (ILoggingEvent event : logs.list) {
            seen.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                seen.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            event.getMDCPropertyMap().values().forEach(seen::add);
        }
        assertThat(logs.list).as("log events captured").isNotEmpty();
        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(SECRETS));
    }

    @Test
    void pluginsAndConfigCheckShowNoSecret() {
        Run plugins = tango("plugins");
        Run json = tango("plugins", "--format", "json");
        Run check = tango("config", "check");
        Run create = tango("config", "check", "--create");

        assertThat(plugins.exitCode()).isZero();
        assertThat(plugins.out()).contains("\nPlugins (5):\n").endsWith("\nNo problems.\n");
        assertThat(json.exitCode()).isZero();
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).isEqualTo(config + ": valid (24 instances configured)\n");
        assertThat(create.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(create.out()).isEqualTo(config + ": 2 problems\n"
                + "  - model_management.registries.deepaas.config.base_url: '" + echoUrl().replace("http://", "http://****@")
                + "' must have no user info, query or fragment, e.g. http://127.0.0.1:5000 (a token goes in the 'token'"
                + " option)\n"
                + "  - model_management.model_servers.local.config.url: 'http://****@127.0.0.1:" + closedPort
                + "' must not carry credentials: the proxy sends none, e.g. http://127.0.0.1:5000\n");
        assertNoSecretWasShown();
    }

    @Test
    void modelCommandsFailWithTypedErrorsAndShowNoSecret() {
        Run multi = tango("models", "find", "models:/iris/1");
        Run basic = tango("models", "find", "models:/iris/1", "--finder", "mlflow_basic");
        Run map = tango("models", "find", "models:/iris/1", "--finder", "mlflow_map");
        Run deepaas = tango("models", "find", "deepaas:/demo", "--finder", "deepaas");
        Run devo = tango("models", "find", "devo://devo/churn", "--finder", "devo");
        Run gateway = tango("models", "find", "devo://gateway/churn", "--finder", "gateway");
        Run profile = tango("models", "find", "devo://staging/churn", "--finder", "devo_profiles");
        Run load = tango("models", "load", "models:/iris/1", "--initializer", "mlflow");
        Run predict = tango("models", "predict", "mlflow+" + echoUrl(), "--finder", "mlflow", "--initializer", "mlflow",
                "--input", "{\"x\": [1.0]}");

        String rejectedBearer = "rejected credentials: Authorization=Bearer ****, standAloneToken=null";
        assertThat(multi.err()).startsWith("error: no finder found model 'models:/iris/1'; 1 of 4 failed:\n"
                + "  - mlflow: RemoteServiceException: MLflow at " + echoUrl() + " answered HTTP 401 UNAUTHENTICATED: "
                + rejectedBearer + " (GET /api/2.0/mlflow/model-versions/get)\n");
        assertThat(error(basic)).isEqualTo("error: MLflow at " + mlflowGateway.uri() + " answered HTTP 500 INTERNAL_ERROR: cannot"
                + " check Authorization: Basic **** (ada:****) (GET /api/2.0/mlflow/model-versions/get)");
        assertThat(error(map)).isEqualTo("error: MLflow at http://127.0.0.1:" + closedPort
                + " failed: cannot reach it for GET /api/2.0/mlflow/model-versions/get: ConnectException");
        assertThat(error(deepaas)).startsWith("error: DEEPaaS at " + echoUrl() + " answered HTTP 401: reading the metadata of"
                + " model 'demo' failed: ");
        assertThat(error(devo)).isEqualTo("error: Devo ML Model Manager at " + echoUrl() + "/mlmodelmanager answered HTTP 401 12:"
                + " rejected null / ****");
        assertThat(error(gateway)).isEqualTo("error: Devo ML Model Manager at " + devoGateway.uri() + "/mlmodelmanager answered"
                + " HTTP 500 12: cannot check standAloneToken **** (after 2 attempts)");
        assertThat(error(profile)).isEqualTo(error(devo));
        assertThat(load.err()).startsWith(multi.err().lines().limit(2).collect(joining("\n", "", "\n")));
        assertThat(error(predict)).isEqualTo("error: MLflow scoring server at " + echoUrl() + " answered HTTP 401"
                + " UNAUTHENTICATED: " + rejectedBearer + " (POST /invocations)");
        assertThat(List.of(multi, basic, map, deepaas, devo, gateway, profile, load, predict))
                .extracting(Run::exitCode).containsOnly(ExitCodes.FAILURE);
        assertThat(echo.received()).as("the secrets were sent, to the server only").contains("Bearer " + MLFLOW_TOKEN
                + " null", "null " + DEVO_TOKEN, "null " + DEVO_PROFILE_TOKEN, "Bearer " + MLFLOW_SERVER_TOKEN + " null");
        assertNoSecretWasShown();
    }

    @Test
    void deploymentAndJobCommandsFailWithTypedErrorsAndShowNoSecret() throws IOException {
        Path model = Files.writeString(folder.resolve("churn.onnx"), "not really a model");

        Run mlflowList = tango("deployments", "list", "-t", "mlflow");
        Run mlflowGet = tango("deployments", "get", "-t", "mlflow", "--name", "churn");
        Run devoList = tango("deployments", "list", "-t", "devo");
        Run devoGet = tango("deployments", "get", "-t", "devo", "--name", "churn");
        Run devoCreate = tango("deployments", "create", "-t", "devo", "--name", "churn", "-m", model.toString());
        Run devoPredict = tango("deployments", "predict", "-t", "devo", "--name", "churn", "--input", "{\"x\": [1.0]}");
        Run devoHelp = tango("deployments", "help", "-t", "devo");
        Run train = tango("train", "demo", "--trainer", "deepaas", "-a", "epochs=1");
        Run jobs = tango("jobs", "list");
        Run status = tango("jobs", "status", "deepaas:nothing");

        String gatewayError = "error: Devo ML Model Manager at " + devoGateway.uri() + "/mlmodelmanager answered HTTP 500 12:"
                + " cannot check standAloneToken ****";
        String closed = "error: DEEPaaS at http://127.0.0.1:" + closedPort + " failed: ";
        assertThat(mlflowList.exitCode()).isZero();
        assertThat(mlflowList.out()).isEqualTo("No deployments on target mlflow.\n");
        assertThat(mlflowGet.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(error(mlflowGet)).isEqualTo("error: deployment 'churn' does not exist on target 'mlflow'");
        assertThat(List.of(devoList, devoGet, devoCreate)).allSatisfy(run -> {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(error(run)).isEqualTo(gatewayError);
        });
        assertThat(devoPredict.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(error(devoPredict)).startsWith("error: deployment target 'devo' does not support predict: ");
        assertThat(devoHelp.out()).startsWith("Target 'devo': Devo's ML Model Manager.");
        assertThat(error(train)).isEqualTo(closed + "reading the OpenAPI description failed: cannot reach it for GET /swagger.json: ConnectException");
        assertThat(error(jobs)).isEqualTo(closed + "listing the models failed: cannot reach it for GET /v2/models/: ConnectException");
        assertThat(error(status)).isEqualTo(error(jobs));
        assertThat(List.of(train, jobs, status)).extracting(Run::exitCode).containsOnly(ExitCodes.FAILURE);
        assertNoSecretWasShown();
    }

    @Test
    void anInvalidConfigurationListsItsProblemsAndShowsNoSecret() {
        Path invalid = Cli.write(folder.resolve("invalid.yaml"), """
                model_management:
                  finders:
                    mlflow: {type: MLFLOW, config: {tracking_uri: "http://127.0.0.1:%1$d", tracking_tokn: %2$s}}
                    devo: {type: DEVO, config: {url: "http://admin:%3$s@127.0.0.1:%1$d", token: [%4$s], timout: 2s}}
                    deepaas: {type: DEEPAAS, config: {base_url: "http://scorer:%5$s@127.0.0.1:%1$d", tokn: %2$s}}
                  deployment_targets:
                    mlflow: {type: mlflow, config: {tracking_uri: "http://%7$s:%6$s@127.0.0.1:%1$d"}}
                """.formatted(closedPort, TYPO_TOKEN, DEVO_URL_PASSWORD, DEVO_TOKEN, DEEPAAS_URL_PASSWORD, MLFLOW_PASSWORD,
                MLFLOW_USER));
        Map<String, String> typoInOverride = new LinkedHashMap<>(environment);
        typoInOverride.put("TANGO__MODEL_MANAGEMENT__FINDERS__MLFLOW__CONFIG__TRACKING_TOKN", MLFLOW_OVERRIDE_TOKEN);
        Map<String, String> invalidInEffect = Map.of(TangoCommand.CONFIG_ENV, invalid.toString());

        Run check = tango(invalidInEffect, "config", "check", "--create");
        Run find = tango(invalidInEffect, "models", "find", "models:/iris/1");
        Run overridden = tango(typoInOverride, "models", "find", "models:/iris/1", "--finder", "mlflow");

        String typo = "model_management.finders.mlflow.config.tracking_tokn: unknown key. Did you mean 'tracking_token'?";
        String wrongType = "model_management.finders.devo.config.token: has a value of the wrong type for a string"
                + " (secret value not shown)";
        String unknownToken = "model_management.finders.deepaas.config.tokn: unknown key. Did you mean 'token'?";
        assertThat(check.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(check.out()).startsWith(invalid + ": 4 problems\n  - " + typo)
                .contains("\n  - " + wrongType + "\n", "\n  - model_management.finders.devo.config.timout: unknown key.",
                        "\n  - " + unknownToken + " Valid keys: ");
        assertThat(find.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(find.err()).startsWith("error: Invalid configuration (4 problems):\n  - " + typo);
        assertThat(overridden.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(overridden.err()).startsWith("error: Invalid configuration: " + typo);
        assertNoSecretWasShown();
    }

    @Test
    void aPasswordInATrackingUrlIsRefusedWithoutBeingShown() {
        Map<String, String> withPassword = new LinkedHashMap<>(environment);
        withPassword.put("TANGO__MODEL_MANAGEMENT__DEPLOYMENT_TARGETS__MLFLOW__CONFIG__TRACKING_URI",
                "http://" + MLFLOW_USER + ":" + MLFLOW_PASSWORD + "@127.0.0.1:" + closedPort);

        Run list = tango(withPassword, "deployments", "list", "-t", "mlflow");

        assertThat(list.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(error(list)).isEqualTo("error: Invalid configuration: model_management.deployment_targets.mlflow.config"
                + ".tracking_uri: must not carry credentials; set tracking_username and tracking_password instead");
        assertNoSecretWasShown();
    }

    @Test
    void theRuntimeAndEveryComponentShowNoSecretInToString() {
        int built = 0;
        try (TangoRuntime runtime = TangoRuntime.builder().environment(environment).configFile(config)
                .pluginDirectory(plugins).build()) {
            seen.add(runtime.toString());
            seen.add(runtime.configuredInstances().toString());
            for (var kind : runtime.configuredInstances().entrySet()) {
                for (String name : kind.getValue().keySet()) {
                    if (attempt(() -> runtime.component(kind.getKey(), name, TangoComponent.class))) {
                        built++;
                    }
                }
            }
        }

        assertThat(built).isEqualTo(22);
        assertThat(seen).anySatisfy(text -> assertThat(text).contains("tracking_token=****", "tracking_password=****",
                "server_token=****", "environment=****", "token=****", "url=http://****@127.0.0.1:"));
        assertNoSecretWasShown();
    }

    private static String echoUrl() {
        return echo.url();
    }

    /** @return whether the call returned; what it returned or threw is seen */
    private boolean attempt(Supplier<Object> call) {
        try {
            seen.add(String.valueOf(call.get()));
            return true;
        } catch (RuntimeException e) {
            for (Throwable error = e; error != null; error = error.getCause()) {
                seen.add(error.toString());
            }
            return false;
        }
    }
}
