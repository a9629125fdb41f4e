package io.tango.plugin.mlflow;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.OptionType;
import io.tango.api.config.TangoConfig;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpOptions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The config options the plugin's factories share, and how a {@link TangoConfig} becomes an {@link MlflowConnection}.
 *
 * <p>Connection settings follow MLflow's own clients: {@code MLFLOW_TRACKING_URI}, {@code MLFLOW_TRACKING_TOKEN}
 * (bearer) and {@code MLFLOW_TRACKING_USERNAME} / {@code MLFLOW_TRACKING_PASSWORD} (basic) from the environment, each
 * overridden by the config key of the same name in lower case without the prefix ({@code tracking_uri}, …). The
 * environment is the process's, read when the component is created, unless the {@code environment} option gives a
 * map to read instead. The HTTP options ({@code connect_timeout}, {@code timeout}, {@code max_retries},
 * {@code retry_delay}, {@code max_retry_delay}, {@code max_response_size}) are the toolkit's {@link HttpOptions}.
 * Stateless.
 */
public final class MlflowOptions {
    /** The environment variable of the tracking server's URL. */
    public static final String ENV_TRACKING_URI = "MLFLOW_TRACKING_URI";
    /** The environment variable of a bearer token. */
    public static final String ENV_TRACKING_TOKEN = "MLFLOW_TRACKING_TOKEN";
    /** The environment variable of a basic-auth user. */
    public static final String ENV_TRACKING_USERNAME = "MLFLOW_TRACKING_USERNAME";
    /** The environment variable of a basic-auth password. */
    public static final String ENV_TRACKING_PASSWORD = "MLFLOW_TRACKING_PASSWORD";

    public static final ConfigOption TRACKING_URI = ConfigOption.of("tracking_uri", OptionType.STRING)
            .withDescription("URL of the MLflow tracking server (http or https); defaults to $MLFLOW_TRACKING_URI");
    public static final ConfigOption TRACKING_TOKEN = ConfigOption.of("tracking_token", OptionType.STRING).asSecret()
            .withDescription("Bearer token for the tracking server; defaults to $MLFLOW_TRACKING_TOKEN");
    public static final ConfigOption TRACKING_USERNAME = ConfigOption.of("tracking_username", OptionType.STRING)
            .withDescription("Basic-auth user for the tracking server; defaults to $MLFLOW_TRACKING_USERNAME");
    public static final ConfigOption TRACKING_PASSWORD = ConfigOption.of("tracking_password", OptionType.STRING)
            .asSecret()
            .withDescription("Basic-auth password for the tracking server; defaults to $MLFLOW_TRACKING_PASSWORD");
    /** Secret as a whole: it may hold MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_PASSWORD. */
    public static final ConfigOption ENVIRONMENT = ConfigOption.of("environment", OptionType.MAP).asSecret()
            .withDescription("Variables to read MLFLOW_TRACKING_* from instead of the process environment");
    public static final ConfigOption CONNECT_TIMEOUT = HttpOptions.CONNECT_TIMEOUT;
    public static final ConfigOption REQUEST_TIMEOUT = HttpOptions.REQUEST_TIMEOUT;
    public static final ConfigOption DOWNLOAD_TIMEOUT = ConfigOption.of("download_timeout", OptionType.DURATION)
            .withDefault("10m").withDescription("Longest wait for one artifact file to download");
    public static final ConfigOption MAX_RETRIES = HttpOptions.MAX_RETRIES;
    public static final ConfigOption RETRY_DELAY = HttpOptions.RETRY_DELAY;
    public static final ConfigOption MAX_RETRY_DELAY = HttpOptions.MAX_RETRY_DELAY;
    public static final ConfigOption MAX_RESPONSE_SIZE = HttpOptions.MAX_RESPONSE_SIZE;
    public static final ConfigOption MAX_DOWNLOAD_SIZE = ConfigOption.of("max_download_size", OptionType.SIZE)
            .withDefault("4GiB").withDescription("Most bytes one model download may write");
    public static final ConfigOption CACHE_DIR = ConfigOption.of("cache_dir", OptionType.STRING)
            .withDescription("Folder models are downloaded into; defaults to <user home>/.cache/tango/mlflow");
    public static final ConfigOption EXPLAINER_TAG = ConfigOption.of("explainer_tag", OptionType.STRING)
            .withDefault("tango.explainer")
            .withDescription("Tag of a model version or registered model whose value is the model URI of its explainer");
    public static final ConfigOption FIND_EXPLAINERS = ConfigOption.of("find_explainers", OptionType.BOOLEAN)
            .withDefault("true")
            .withDescription("Whether the finder looks for an explainer (by tag, or a shap model of the same run)");

    public static final ConfigOption SERVER_URL = ConfigOption.of("server_url", OptionType.STRING).asRequired()
            .withDescription("URL of the MLflow scoring server, e.g. http://127.0.0.1:5001");
    public static final ConfigOption SERVER_TOKEN = ConfigOption.of("server_token", OptionType.STRING).asSecret()
            .withDescription("Bearer token sent to scoring servers (for one behind an authenticating gateway)");
    public static final ConfigOption INPUT_FORMAT = ConfigOption.ofEnum("input_format",
                    List.of("auto", "dataframe_split", "dataframe_records", "instances", "inputs"))
            .withDefault("auto")
            .withDescription("JSON format of /invocations bodies; auto sends a table of columns as dataframe_split and "
                    + "anything else as inputs; a request whose only input is named after a format is sent as given");
    public static final ConfigOption SERVE_MODELS = ConfigOption.of("serve_models", OptionType.BOOLEAN)
            .withDefault("false")
            .withDescription("Whether to start 'mlflow models serve' for downloaded pyfunc models and for explainers");
    public static final ConfigOption MLFLOW_COMMAND = ConfigOption.of("mlflow_command", OptionType.STRING)
            .withDefault("mlflow")
            .withDescription("The mlflow executable that starts scoring servers: a name on PATH or a path");
    public static final ConfigOption ENV_MANAGER = ConfigOption.ofEnum("env_manager",
                    List.of("local", "virtualenv", "uv", "conda"))
            .withDefault("local")
            .withDescription("--env-manager of 'mlflow models serve'; local uses mlflow_command's own environment");
    public static final ConfigOption WORKERS = ConfigOption.of("workers", OptionType.INT).withDefault("1")
            .withDescription("Number of uvicorn workers of each scoring server started");
    public static final ConfigOption STARTUP_TIMEOUT = ConfigOption.of("startup_timeout", OptionType.DURATION)
            .withDefault("3m")
            .withDescription("Longest wait for a started scoring server to answer /ping; then it is stopped");
    public static final ConfigOption STATE_DIR = ConfigOption.of("state_dir", OptionType.STRING)
            .withDescription("Folder of deployment records and scoring-server logs; defaults to "
                    + "<user home>/.cache/tango/mlflow-deployments");
    public static final ConfigOption LOG_DIR = ConfigOption.of("log_dir", OptionType.STRING)
            .withDescription("Folder of the logs of scoring servers started; defaults to "
                    + "<user home>/.cache/tango/mlflow-serving");
    public static final ConfigOption STOP_ON_CLOSE = ConfigOption.of("stop_on_close", OptionType.BOOLEAN)
            .withDefault("true")
            .withDescription("Whether closing the client stops the scoring servers it started (false: they outlive it)");

    private MlflowOptions() {}

    /**
     * @param config a component's config
     * @return the configured input format
     */
    public static io.tango.plugin.mlflow.scoring.ScoringInputFormat inputFormat(TangoConfig config) {
        String text = config.getString(INPUT_FORMAT.key(), "auto");
        return io.tango.plugin.mlflow.scoring.ScoringInputFormat.fromKey(text).orElseThrow(() ->
                new InvalidConfigException(path(config, INPUT_FORMAT), "unknown input format '" + text + "'"));
    }

    /**
     * @param config a component's config
     * @return the configured tracking server, when {@code tracking_uri} or {@code MLFLOW_TRACKING_URI} gives one
     */
    public static Optional<MlflowConnection> optionalConnection(TangoConfig config) {
        Map<String, String> environment = environment(config);
        if (setting(config, TRACKING_URI, environment, ENV_TRACKING_URI).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(connection(config));
    }

    /**
     * @param config a component's config
     * @param option a folder option
     * @param fallback the folder's name below {@code <user home>/.cache/tango} when the option is absent
     * @return the folder
     */
    public static Path folder(TangoConfig config, ConfigOption option, String fallback) {
        return config.getString(option.key())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "tango", fallback))
                .toAbsolutePath();
    }

    /**
     * @param config a component's config
     * @return the workers option, checked
     */
    public static int workers(TangoConfig config) {
        int workers = config.getInt(WORKERS.key(), 1);
        if (workers < 1) {
            throw new InvalidConfigException(path(config, WORKERS), "must be at least 1, got " + workers);
        }
        return workers;
    }

    /**
     * @param config a component's config
     * @return the startup timeout, checked
     */
    public static Duration startupTimeout(TangoConfig config) {
        return positive(config, STARTUP_TIMEOUT, Duration.ofMinutes(3));
    }

    /**
     * @param config a component's config
     * @return the bearer token for scoring servers, or no credentials
     */
    public static HttpAuth serverCredentials(TangoConfig config) {
        return config.getString(SERVER_TOKEN.key())
                .filter(token -> !token.isBlank())
                .<HttpAuth>map(HttpAuth.Bearer::new)
                .orElse(HttpAuth.none());
    }

    /** @return the options of a tracking-server connection */
    public static List<ConfigOption> connectionOptions() {
        return List.of(TRACKING_URI, TRACKING_TOKEN, TRACKING_USERNAME, TRACKING_PASSWORD, ENVIRONMENT,
                CONNECT_TIMEOUT, REQUEST_TIMEOUT, DOWNLOAD_TIMEOUT, MAX_RETRIES, RETRY_DELAY, MAX_RETRY_DELAY,
                MAX_RESPONSE_SIZE);
    }

    /**
     * @param config a component's config
     * @return the environment to read {@code MLFLOW_*} variables from: the {@code environment} option when given,
     *     else the process environment
     */
    public static Map<String, String> environment(TangoConfig config) {
        if (config.has(ENVIRONMENT.key())) {
            Map<String, String> variables = new LinkedHashMap<>();
            config.getNested(ENVIRONMENT.key()).asMap().forEach((name, value) -> {
                if (value != null) {
                    variables.put(name, String.valueOf(value));
                }
            });
            return variables;
        }
        return System.getenv();
    }

    /**
     * @param config a component's config
     * @return the connection it describes
     * @throws InvalidConfigException if no tracking URI is given, or it or the credentials are unusable
     */
    public static MlflowConnection connection(TangoConfig config) {
        Map<String, String> environment = environment(config);
        Optional<String> uriText = setting(config, TRACKING_URI, environment, ENV_TRACKING_URI);
        if (uriText.isEmpty()) {
            throw new InvalidConfigException(path(config, TRACKING_URI),
                    "no MLflow tracking server: set tracking_uri or the environment variable " + ENV_TRACKING_URI);
        }
        URI trackingUri;
        try {
            trackingUri = URI.create(uriText.get().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(path(config, TRACKING_URI), "not a URL: " + e.getMessage());
        }
        if (trackingUri.getRawUserInfo() != null) {
            throw new InvalidConfigException(path(config, TRACKING_URI),
                    "must not carry credentials; set tracking_username and tracking_password instead");
        }
        String scheme = trackingUri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || trackingUri.getHost() == null) {
            throw new InvalidConfigException(path(config, TRACKING_URI),
                    "'" + trackingUri + "' is not an http(s) URL of an MLflow tracking server");
        }
        HttpAuth credentials = credentials(config, environment);
        return new MlflowConnection(
                trackingUri,
                credentials,
                HttpOptions.connectTimeout(config),
                HttpOptions.requestTimeout(config),
                positive(config, DOWNLOAD_TIMEOUT, Duration.ofMinutes(10)),
                HttpOptions.retry(config),
                HttpOptions.maxResponseSize(config));
    }

    /**
     * @param config a component's config
     * @param environment the environment to fall back on
     * @return the credentials: a token wins over a user and password
     * @throws InvalidConfigException if a user is given without a password or the other way round
     */
    public static HttpAuth credentials(TangoConfig config, Map<String, String> environment) {
        Optional<String> token = setting(config, TRACKING_TOKEN, environment, ENV_TRACKING_TOKEN);
        if (token.isPresent()) {
            return new HttpAuth.Bearer(token.get());
        }
        Optional<String> username = setting(config, TRACKING_USERNAME, environment, ENV_TRACKING_USERNAME);
        Optional<String> password = setting(config, TRACKING_PASSWORD, environment, ENV_TRACKING_PASSWORD);
        if (username.isPresent() != password.isPresent()) {
            ConfigOption missing = username.isPresent() ? TRACKING_PASSWORD : TRACKING_USERNAME;
            throw new InvalidConfigException(path(config, missing), "basic auth needs both tracking_username and "
                    + "tracking_password (or " + ENV_TRACKING_USERNAME + " and " + ENV_TRACKING_PASSWORD + ")");
        }
        return username.<HttpAuth>map(user -> new HttpAuth.Basic(user, password.get()))
                .orElse(HttpAuth.none());
    }

    /**
     * @param config a component's config
     * @return the folder models are downloaded into
     */
    public static Path cacheDir(TangoConfig config) {
        return config.getString(CACHE_DIR.key())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "tango", "mlflow"))
                .toAbsolutePath();
    }

    /**
     * @param config a component's config
     * @param option an option
     * @return the option's full path, for error messages
     */
    public static String path(TangoConfig config, ConfigOption option) {
        return config.path().isEmpty() ? option.key() : config.path() + "." + option.key();
    }

    private static Optional<String> setting(
            TangoConfig config, ConfigOption option, Map<String, String> environment, String variable) {
        Optional<String> configured = config.getString(option.key()).filter(value -> !value.isBlank());
        if (configured.isPresent()) {
            return configured;
        }
        return Optional.ofNullable(environment.get(variable)).filter(value -> !value.isBlank());
    }

    private static Duration positive(TangoConfig config, ConfigOption option, Duration fallback) {
        Duration value = config.getDuration(option.key(), fallback);
        if (value.isNegative() || value.isZero()) {
            throw new InvalidConfigException(path(config, option), "must be positive, got " + value);
        }
        return value;
    }
}
