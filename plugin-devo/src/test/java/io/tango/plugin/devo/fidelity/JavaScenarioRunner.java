package io.tango.plugin.devo.fidelity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelAlreadyExistsException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.plugin.devo.client.AuthType;
import io.tango.plugin.devo.client.DevoLegacyModelManagerClient;
import io.tango.plugin.devo.client.DevoModel;
import io.tango.plugin.devo.client.DevoModelManagerClient;
import io.tango.plugin.devo.client.FileSystemDownloader;
import io.tango.plugin.devo.client.ModelDownloadException;
import io.tango.plugin.devo.client.ModelManagerClient;
import io.tango.plugin.devo.client.ModelManagerClients;
import io.tango.plugin.devo.client.ModelManagerException;
import io.tango.plugin.devo.client.Profile;
import io.tango.plugin.devo.client.ProfileException;
import io.tango.plugin.devo.client.ProfileReader;
import io.tango.plugin.devo.client.ProfileValueRequiredException;
import io.tango.plugin.devo.client.RetrySettings;
import io.tango.plugin.devo.client.TokenException;

/** Runs the scenarios of {@link FidelityScenarios} with the Java client, producing outcomes shaped like the script's. */
final class JavaScenarioRunner {
    private final String work;

    JavaScenarioRunner(Path work) {
        this.work = work.toString();
    }

    List<Map<String, Object>> run(List<Map<String, Object>> scenarios) {
        return scenarios.stream().map(this::runOne).toList();
    }

    private Map<String, Object> runOne(Map<String, Object> step) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("id", step.get("id"));
        try {
            Object result = execute(step);
            outcome.put("outcome", "ok");
            outcome.put("result", result);
        }
        catch (RuntimeException e) {
            outcome.put("outcome", classify(e));
            outcome.put("result", null);
            outcome.put("message", e.getMessage());
        }
        return outcome;
    }

    @SuppressWarnings("unchecked")
    private Object execute(Map<String, Object> step) {
        String op = (String) step.get("op");
        if (op.equals("read_profile")) {
            ProfileReader reader = reader(step);
            Profile profile = reader.read((String) step.get("profile"), Optional.ofNullable((String) step.get("path")));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("url", profile.url().toString());
            result.put("token", profile.token());
            result.put("auth_type", profile.authType().configName());
            result.put("download_path", profile.downloadPath().map(path -> relative(path.toString())).orElse(null));
            return result;
        }
        try (ModelManagerClient client = client((Map<String, Object>) step.get("client"), step)) {
            String name = (String) step.get("name");
            boolean download = Boolean.TRUE.equals(step.get("download"));
            return switch (op) {
                case "none" -> null;
                case "get_models" -> client.getModels().stream()
                        .sorted(Comparator.comparing(DevoModel::name))
                        .map(DevoModel::record)
                        .toList();
                case "get_model" -> describe(client.getModel(name, download));
                case "find_model" -> client.findModel(name, download).map(this::describe).orElse(null);
                case "add_model" -> {
                    client.addModel(name, (String) step.get("engine"), Path.of((String) step.get("file")),
                            Optional.ofNullable((String) step.get("description")),
                            Boolean.TRUE.equals(step.get("force")));
                    yield null;
                }
                default -> throw new AssertionError("unknown operation " + op);
            };
        }
    }

    private ModelManagerClient client(Map<String, Object> spec, Map<String, Object> step) {
        String kind = (String) spec.get("kind");
        Duration timeout = spec.get("timeout") == null ? ModelManagerClient.DEFAULT_TIMEOUT
                : Duration.ofMillis(Math.round(((Number) spec.get("timeout")).doubleValue() * 1000));
        String url = (String) spec.get("url");
        String token = (String) spec.get("token");
        Optional<String> authName = Optional.ofNullable((String) spec.get("auth_type"));
        Optional<Path> downloadPath = Optional.ofNullable((String) spec.get("download_path")).map(Path::of);
        return switch (kind) {
            case "from_token" -> ModelManagerClients.fromToken(url, token,
                    authName.map(AuthType::fromName).orElse(AuthType.defaultType()), downloadPath, timeout);
            case "from_profile" -> ModelManagerClients.fromProfile(
                    reader(step).read((String) spec.get("profile"), Optional.ofNullable((String) spec.get("path"))),
                    timeout);
            case "latest" -> {
                DevoModelManagerClient.Builder builder = DevoModelManagerClient.builder(url, token)
                        .authType(AuthType.fromName(authName.orElse("standalone")))
                        // Retries are TANGO's addition: compared with Python's single attempts, they are off.
                        .retries(RetrySettings.none())
                        .timeout(timeout);
                downloadPath.ifPresent(path -> builder.downloader(new FileSystemDownloader(path)));
                yield builder.build();
            }
            case "legacy" -> {
                DevoLegacyModelManagerClient.Builder builder = DevoLegacyModelManagerClient
                        .builder(url, (String) spec.get("domain"), token)
                        .authType(AuthType.fromName(authName.orElse("standalone")))
                        // Retries are TANGO's addition: compared with Python's single attempts, they are off.
                        .retries(RetrySettings.none())
                        .timeout(timeout);
                downloadPath.ifPresent(path -> builder.downloader(new FileSystemDownloader(path)));
                yield builder.build();
            }
            default -> throw new AssertionError("unknown client kind " + kind);
        };
    }

    private static ProfileReader reader(Map<String, Object> step) {
        return new ProfileReader(Path.of((String) step.get("cwd")), Path.of((String) step.get("home")));
    }

    private Map<String, Object> describe(DevoModel model) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("record", model.record());
        described.put("file", model.file().map(file -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("path", relative(file.toString()));
            info.put("sha256", sha256(file));
            return info;
        }).orElse(null));
        return described;
    }

    private String relative(String path) {
        return path.startsWith(work) ? "<work>" + path.substring(work.length()) : path;
    }

    /** The same kinds as the script's {@code classify}. */
    static String classify(RuntimeException e) {
        if (e instanceof TokenException) {
            return "token-error";
        }
        if (e instanceof ModelNotFoundException) {
            return "model-not-found";
        }
        if (e instanceof ModelAlreadyExistsException) {
            return "model-already-exists";
        }
        if (e instanceof ProfileValueRequiredException) {
            return "profile-value-required";
        }
        if (e instanceof ProfileException) {
            return "profile-error";
        }
        if (e instanceof OperationTimeoutException) {
            return "transport-error";
        }
        if (e instanceof ModelManagerException error) {
            return error.httpStatus().isEmpty() ? "transport-error" : "model-manager-error:" + error.code();
        }
        if (e instanceof IllegalArgumentException || e instanceof ModelDownloadException) {
            return "value-error";
        }
        if (e instanceof InvalidRequestException) {
            return "file-not-found";
        }
        return "unexpected:" + e.getClass().getSimpleName();
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
