package io.tango.plugin.devo.fidelity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios both clients run, in order, against the same fake server: every operation, its successes and each of
 * its failures, the two kinds of client, both auth types, both factories, and the profile rules. Also writes the files
 * the scenarios use into a side's folder.
 *
 * <p>Each scenario is a map the Python script reads as JSON: {@code id}, {@code op} ({@code get_models},
 * {@code get_model}, {@code find_model}, {@code add_model}, {@code read_profile}, {@code none}: only build the client),
 * {@code client} (kind {@code latest}, {@code legacy}, {@code from_token}, {@code from_profile}, with url, token,
 * domain, auth_type, timeout, download_path, profile, path), and the operation's arguments.
 */
final class FidelityScenarios {
    static final byte[] CHURN_ONNX = "onnx-model-churn-v1".getBytes(StandardCharsets.UTF_8);
    static final byte[] CHURN_ONNX_V2 = "onnx-model-churn-v2, a longer file".getBytes(StandardCharsets.UTF_8);
    static final byte[] CHURN_ZIP = "PK-h2o-mojo-churn".getBytes(StandardCharsets.UTF_8);
    static final byte[] HOSTILE = "written where the server says".getBytes(StandardCharsets.UTF_8);

    private FidelityScenarios() {}

    /** Writes the model files and the profile trees of a side. */
    static void prepare(FidelitySide side) {
        try {
            Files.createDirectories(side.files());
            // The Python downloader does not create its folder; the Java one does. Both folders exist here.
            Files.createDirectories(side.downloads().resolve("legacy"));
            Files.createDirectories(side.downloads().resolve("from-token"));
            Files.write(side.files().resolve("churn.onnx"), CHURN_ONNX);
            Files.write(side.files().resolve("churn-v2.onnx"), CHURN_ONNX_V2);
            Files.write(side.files().resolve("churn.zip"), CHURN_ZIP);
            Files.write(side.files().resolve("empty.onnx"), new byte[0]);
            for (ProfileCase profileCase : profileCases(side)) {
                for (Map.Entry<String, String> file : profileCase.files().entrySet()) {
                    Path path = profileRoot(side, profileCase.id()).resolve(file.getKey());
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                }
                Files.createDirectories(profileRoot(side, profileCase.id()).resolve("cwd"));
                Files.createDirectories(profileRoot(side, profileCase.id()).resolve("home"));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> scenarios(FidelitySide side) {
        String latest = side.latest().toString();
        String legacy = side.legacy().toString();
        String onnx = side.files().resolve("churn.onnx").toString();
        List<Map<String, Object>> steps = new ArrayList<>();

        steps.add(step("list-initial", latest(side, latest), "get_models"));
        steps.add(step("get-missing", latest(side, latest), "get_model", "name", "churn"));
        steps.add(step("find-missing", latest(side, latest), "find_model", "name", "churn"));
        steps.add(step("add-new", latest(side, latest), "add_model",
                "name", "churn", "engine", "ONNX", "file", onnx, "description", "Churn model"));
        steps.add(step("add-existing-without-force", latest(side, latest), "add_model",
                "name", "churn", "engine", "ONNX", "file", onnx));
        steps.add(step("add-existing-without-force-missing-file", latest(side, latest), "add_model",
                "name", "churn", "engine", "ONNX", "file", side.files().resolve("missing.onnx").toString()));
        steps.add(step("get-existing", latest(side, latest), "get_model", "name", "churn"));
        steps.add(step("get-with-download", latest(side, latest), "get_model", "name", "churn", "download", true));
        steps.add(step("find-with-download", latest(side, latest), "find_model", "name", "churn", "download", true));
        steps.add(step("add-force-keeps-description", latest(side, latest), "add_model",
                "name", "churn", "engine", "ONNX", "file", side.files().resolve("churn-v2.onnx").toString(),
                "force", true));
        steps.add(step("get-after-force", latest(side, latest), "get_model", "name", "churn", "download", true));
        steps.add(step("add-force-changes-engine-and-description", latest(side, latest), "add_model",
                "name", "churn", "engine", "H2O", "file", side.files().resolve("churn.zip").toString(),
                "description", "H2O churn", "force", true));
        steps.add(step("get-h2o-with-download", latest(side, latest), "get_model", "name", "churn", "download", true));
        steps.add(step("add-invalid-engine", latest(side, latest), "add_model",
                "name", "bad", "engine", "INVALID_ENGINE", "file", onnx));
        steps.add(step("add-empty-file", latest(side, latest), "add_model",
                "name", "empty", "engine", "ONNX", "file", side.files().resolve("empty.onnx").toString()));
        steps.add(step("add-missing-file", latest(side, latest), "add_model",
                "name", "ghost", "engine", "ONNX", "file", side.files().resolve("missing.onnx").toString()));
        steps.add(step("add-quoted-name", latest(side, latest), "add_model",
                "name", "dga model é+1&x=y", "engine", "ONNX", "file", onnx, "description", null));
        steps.add(step("get-quoted-name", latest(side, latest), "get_model", "name", "dga model é+1&x=y",
                "download", true));
        steps.add(step("list-after-adds", latest(side, latest), "get_models"));
        steps.add(step("empty-name", latest(side, latest), "get_model", "name", ""));
        steps.add(step("hostile-name-download", latest(side, latest), "get_model", "name", "evil", "download", true));

        steps.add(step("bearer-auth", client("latest", latest, side.token(), "auth_type", "bearer"), "get_models"));
        steps.add(step("bad-token", client("latest", latest, side.badToken()), "get_models"));
        steps.add(step("bad-token-bearer", client("latest", latest, side.badToken(), "auth_type", "bearer"),
                "get_model", "name", "churn"));
        steps.add(step("invalid-auth-type", client("latest", latest, side.token(), "auth_type", "basic"), "none"));
        steps.add(step("invalid-url-space", client("latest", "http://invalid url", side.token()), "none"));
        steps.add(step("invalid-url-underscore-host", client("latest", "https://testing_url", side.token()), "none"));
        steps.add(step("invalid-url-no-scheme", client("latest", "localhost/models", side.token()), "none"));
        steps.add(step("url-trailing-slash", client("latest", latest + "/", side.token()), "get_models"));

        steps.add(step("latest-client-on-legacy-server", latest(side, legacy), "get_models"));
        steps.add(step("legacy-list", legacy(side, legacy), "get_models"));
        steps.add(step("legacy-get-missing", legacy(side, legacy), "get_model", "name", "fraud"));
        steps.add(step("legacy-add", legacy(side, legacy), "add_model",
                "name", "fraud", "engine", "ONNX", "file", onnx, "description", "Fraud"));
        steps.add(step("legacy-add-existing", legacy(side, legacy), "add_model",
                "name", "fraud", "engine", "ONNX", "file", onnx));
        steps.add(step("legacy-get-with-download", legacy(side, legacy), "get_model", "name", "fraud",
                "download", true));
        steps.add(step("legacy-find-missing", legacy(side, legacy), "find_model", "name", "nothing"));
        steps.add(step("legacy-list-after-add", legacy(side, legacy), "get_models"));
        steps.add(step("legacy-bad-token", client("legacy", legacy, side.badToken(), "domain", side.legacyDomain()),
                "get_models"));

        steps.add(step("broken-server", latest(side, side.broken().toString()), "get_models"));
        steps.add(step("silent-server-timeout", client("latest", side.silent().toString(), side.token(),
                "timeout", 1), "get_models"));
        steps.add(step("connection-refused", latest(side, side.closed().toString()), "get_models"));

        steps.add(step("from-token", client("from_token", latest, side.token(), "auth_type", "bearer",
                "download_path", side.downloads().resolve("from-token").toString()),
                "get_model", "name", "churn", "download", true));
        steps.add(step("from-token-default-auth", client("from_token", latest, side.token()), "get_models"));
        steps.add(step("from-token-invalid-auth", client("from_token", latest, side.token(), "auth_type", "jwt"),
                "none"));
        steps.add(step("from-token-invalid-url", client("from_token", "not a url", side.token()), "none"));

        for (ProfileCase profileCase : profileCases(side)) {
            Map<String, Object> profileStep = new LinkedHashMap<>();
            profileStep.put("id", "profile-" + profileCase.id());
            Path root = profileRoot(side, profileCase.id());
            profileStep.put("cwd", root.resolve("cwd").toString());
            profileStep.put("home", root.resolve("home").toString());
            if (profileCase.clientOperation()) {
                Map<String, Object> client = new LinkedHashMap<>();
                client.put("kind", "from_profile");
                client.put("profile", profileCase.profile());
                if (profileCase.path() != null) {
                    client.put("path", profileCase.path().replace("<root>", root.toString()));
                }
                profileStep.put("client", client);
                profileStep.put("op", "get_models");
            }
            else {
                profileStep.put("op", "read_profile");
                profileStep.put("profile", profileCase.profile());
                if (profileCase.path() != null) {
                    profileStep.put("path", profileCase.path().replace("<root>", root.toString()));
                }
            }
            steps.add(profileStep);
        }
        return steps;
    }

    /**
     * A profile scenario: files under its root ({@code cwd/...}, {@code home/...}, anything else), the profile read,
     * and the path given ({@code <root>} stands for the root; relative paths start from {@code cwd}).
     */
    record ProfileCase(String id, Map<String, String> files, String profile, String path, boolean clientOperation) {}

    static List<ProfileCase> profileCases(FidelitySide side) {
        String dev = "[dev]\nurl = https://dev.example.com/mlmodelmanager\ntoken = dev-token-123\n"
                + "auth_type = bearer\ndownload_path = ~/models\n";
        String other = "[dev]\nurl = https://other.example.com\ntoken = other-token\n";
        List<ProfileCase> cases = new ArrayList<>();
        cases.add(new ProfileCase("in-current-dir", Map.of("cwd/modelmanager.ini", dev), "dev", null, false));
        cases.add(new ProfileCase("in-home-dir", Map.of("home/modelmanager.ini", dev), "dev", null, false));
        cases.add(new ProfileCase("current-dir-before-home",
                Map.of("cwd/modelmanager.ini", dev, "home/modelmanager.ini", other), "dev", null, false));
        cases.add(new ProfileCase("given-folder-first", Map.of("given/modelmanager.ini", dev,
                "cwd/modelmanager.ini", other), "dev", "<root>/given", false));
        cases.add(new ProfileCase("given-folder-without-file-falls-back", Map.of("given/other.txt", "",
                "home/modelmanager.ini", dev), "dev", "<root>/given", false));
        cases.add(new ProfileCase("given-file", Map.of("given/team.ini", dev, "cwd/modelmanager.ini", other),
                "dev", "<root>/given/team.ini", false));
        cases.add(new ProfileCase("given-file-name-in-current-dir", Map.of("cwd/team.ini", dev), "dev", "team.ini",
                false));
        cases.add(new ProfileCase("given-file-with-tilde", Map.of("home/ml/team.ini", dev), "dev", "~/ml/team.ini",
                false));
        cases.add(new ProfileCase("given-file-name-only-in-home", Map.of("home/team.ini", dev), "dev", "team.ini",
                false));
        cases.add(new ProfileCase("colon-separators", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl: https://dev.example.com\ntoken:abc\nauth_type :standalone\n"), "dev", null, false));
        cases.add(new ProfileCase("mixed-separators-and-colon-in-value", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://dev.example.com:8443/mm\ntoken: a=b:c\n"), "dev", null, false));
        cases.add(new ProfileCase("missing-profile", Map.of("cwd/modelmanager.ini", dev), "prod", null, false));
        cases.add(new ProfileCase("no-file-anywhere", Map.of(), "dev", null, false));
        cases.add(new ProfileCase("missing-url", Map.of("cwd/modelmanager.ini", "[dev]\ntoken = t\n"), "dev", null,
                false));
        cases.add(new ProfileCase("empty-url", Map.of("cwd/modelmanager.ini", "[dev]\nurl =\ntoken = t\n"), "dev",
                null, false));
        cases.add(new ProfileCase("missing-token", Map.of("cwd/modelmanager.ini", "[dev]\nurl = https://h.example.com\n"),
                "dev", null, false));
        cases.add(new ProfileCase("empty-token", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken =   \n"), "dev", null, false));
        cases.add(new ProfileCase("invalid-url", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = invalid_url_profile\ntoken = t\n"), "dev", null, false));
        cases.add(new ProfileCase("invalid-auth-type", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken = t\nauth_type = invalid_auth_type\n"), "dev", null, false));
        cases.add(new ProfileCase("auth-type-upper-case", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken = t\nauth_type = BEARER\n"), "dev", null, false));
        cases.add(new ProfileCase("empty-auth-type", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken = t\nauth_type =\n"), "dev", null, false));
        cases.add(new ProfileCase("default-auth-type", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken = t\n"), "dev", null, false));
        cases.add(new ProfileCase("duplicate-section", Map.of("cwd/modelmanager.ini", dev + "\n" + dev), "dev", null,
                false));
        cases.add(new ProfileCase("duplicate-option", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://a.example.com\nURL = https://b.example.com\ntoken = t\n"), "dev", null, false));
        cases.add(new ProfileCase("duplicate-default-section-allowed", Map.of("cwd/modelmanager.ini",
                "[DEFAULT]\nauth_type = bearer\n[DEFAULT]\ndownload_path = /srv/models\n[dev]\nurl = https://h.example.com\n"
                        + "token = t\n"), "dev", null, false));
        cases.add(new ProfileCase("default-section-inherited", Map.of("cwd/modelmanager.ini",
                "[DEFAULT]\nurl = https://shared.example.com\nauth_type = bearer\n\n[dev]\ntoken = t1\n\n[prod]\n"
                        + "token = t2\nauth_type = standalone\n"), "prod", null, false));
        cases.add(new ProfileCase("default-as-profile", Map.of("cwd/modelmanager.ini",
                "[DEFAULT]\nurl = https://shared.example.com\ntoken = t0\n"), "DEFAULT", null, false));
        cases.add(new ProfileCase("case-sensitive-section", Map.of("cwd/modelmanager.ini", dev), "DEV", null, false));
        cases.add(new ProfileCase("keys-case-insensitive", Map.of("cwd/modelmanager.ini",
                "[dev]\nURL = https://h.example.com\nToken = t\nAUTH_TYPE = bearer\n"), "dev", null, false));
        cases.add(new ProfileCase("comments-and-inline-semicolon", Map.of("cwd/modelmanager.ini",
                "# profiles\n; more\n[dev]\n  # indented comment\nurl = https://h.example.com\ntoken = abc ; not a comment\n"),
                "dev", null, false));
        cases.add(new ProfileCase("quotes-kept", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken = \"quoted\"\n"), "dev", null, false));
        cases.add(new ProfileCase("continuation-line", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken = first\n  second\n\n  third\n"), "dev", null, false));
        cases.add(new ProfileCase("interpolation", Map.of("cwd/modelmanager.ini",
                "[dev]\nhost = h.example.com\nurl = https://%(host)s/mm\ntoken = 100%%\n"), "dev", null, false));
        cases.add(new ProfileCase("lone-percent", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken = 100%\n"), "dev", null, false));
        cases.add(new ProfileCase("missing-reference", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://%(nohost)s\ntoken = t\n"), "dev", null, false));
        cases.add(new ProfileCase("key-before-section", Map.of("cwd/modelmanager.ini",
                "url = https://h.example.com\n[dev]\ntoken = t\n"), "dev", null, false));
        cases.add(new ProfileCase("line-without-separator", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken = t\njust words\n"), "dev", null, false));
        cases.add(new ProfileCase("download-path-absolute", Map.of("cwd/modelmanager.ini",
                "[dev]\nurl = https://h.example.com\ntoken = t\ndownload_path = /srv/models\n"), "dev", null, false));
        cases.add(new ProfileCase("client-from-profile", Map.of("cwd/modelmanager.ini",
                "[fake]\nurl = " + side.latest() + "\ntoken = " + side.token() + "\nauth_type = bearer\n"),
                "fake", null, true));
        cases.add(new ProfileCase("client-from-profile-bad-token", Map.of("home/modelmanager.ini",
                "[fake]\nurl = " + side.latest() + "\ntoken = " + side.badToken() + "\n"), "fake", null, true));
        return cases;
    }

    private static Path profileRoot(FidelitySide side, String id) {
        return side.work().resolve("profiles").resolve(id);
    }

    private static Map<String, Object> latest(FidelitySide side, String url) {
        return client("latest", url, side.token(), "download_path", side.downloads().toString());
    }

    private static Map<String, Object> legacy(FidelitySide side, String url) {
        return client("legacy", url, side.token(), "domain", side.legacyDomain(),
                "download_path", side.downloads().resolve("legacy").toString());
    }

    private static Map<String, Object> client(String kind, String url, String token, Object... more) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("kind", kind);
        client.put("url", url);
        client.put("token", token);
        for (int i = 0; i < more.length; i += 2) {
            client.put((String) more[i], more[i + 1]);
        }
        return client;
    }

    private static Map<String, Object> step(String id, Map<String, Object> client, String op, Object... arguments) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", id);
        step.put("client", client);
        step.put("op", op);
        for (int i = 0; i < arguments.length; i += 2) {
            step.put((String) arguments[i], arguments[i + 1]);
        }
        return step;
    }
}
