package io.tango.plugin.mlflow.model;

import io.tango.api.ModelKey;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;

import static java.util.Objects.requireNonNull;

/**
 * A model URI in MLflow's forms: {@code models:/<name>/<version>}, {@code models:/<name>@<alias>},
 * {@code models:/<name>/latest}, {@code models:/<model-id>} (an MLflow 3 logged model, {@code m-…}) and
 * {@code runs:/<run-id>/<path>}. Immutable.
 */
public sealed interface MlflowModelUri {

    /** @return the URI in MLflow's form */
    String uri();

    /**
     * @param key a model key
     * @return the URI, or empty when the key is not in one of MLflow's forms
     */
    static Optional<MlflowModelUri> parse(ModelKey key) {
        requireNonNull(key, "key is null");
        return parse(key.value());
    }

    /**
     * @param text a model URI
     * @return the URI, or empty when the text is not in one of MLflow's forms
     */
    static Optional<MlflowModelUri> parse(String text) {
        requireNonNull(text, "text is null");
        Matcher models = ModelUriPatterns.MODELS.matcher(text);
        if (models.matches()) {
            String rest = models.group(1);
            Matcher alias = ModelUriPatterns.ALIAS.matcher(rest);
            if (alias.matches()) {
                return Optional.of(new ByAlias(alias.group(1), alias.group(2)));
            }
            Matcher version = ModelUriPatterns.VERSION.matcher(rest);
            if (version.matches()) {
                String name = version.group(1);
                String selector = version.group(2);
                if (selector.toLowerCase(Locale.ROOT).equals("latest")) {
                    return Optional.of(new Latest(name));
                }
                if (ModelUriPatterns.NUMBER.matcher(selector).matches()) {
                    return Optional.of(new ByVersion(name, selector));
                }
                return Optional.empty();
            }
            if (ModelUriPatterns.LOGGED_MODEL.matcher(rest).matches()) {
                return Optional.of(new LoggedModel(rest));
            }
            return Optional.empty();
        }
        Matcher runs = ModelUriPatterns.RUNS.matcher(text);
        if (runs.matches()) {
            String path = trimSlashes(runs.group(2));
            for (String segment : path.split("/")) {
                if (segment.equals(".") || segment.equals("..")) {
                    return Optional.empty(); // a run path never leaves the run
                }
            }
            return Optional.of(new RunArtifact(runs.group(1), path));
        }
        return Optional.empty();
    }

    private static String trimSlashes(String path) {
        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /**
     * {@code models:/<name>/<version>}.
     *
     * @param name the registered model
     * @param version the version number
     */
    record ByVersion(String name, String version) implements MlflowModelUri {
        public ByVersion {
            requireNonNull(name, "name is null");
            requireNonNull(version, "version is null");
        }

        @Override
        public String uri() {
            return "models:/" + name + "/" + version;
        }
    }

    /**
     * {@code models:/<name>@<alias>}.
     *
     * @param name the registered model
     * @param alias the alias
     */
    record ByAlias(String name, String alias) implements MlflowModelUri {
        public ByAlias {
            requireNonNull(name, "name is null");
            requireNonNull(alias, "alias is null");
        }

        @Override
        public String uri() {
            return "models:/" + name + "@" + alias;
        }
    }

    /**
     * {@code models:/<name>/latest}: the highest version number.
     *
     * @param name the registered model
     */
    record Latest(String name) implements MlflowModelUri {
        public Latest {
            requireNonNull(name, "name is null");
        }

        @Override
        public String uri() {
            return "models:/" + name + "/latest";
        }
    }

    /**
     * {@code models:/m-<id>}: an MLflow 3 logged model.
     *
     * @param modelId the logged model's id
     */
    record LoggedModel(String modelId) implements MlflowModelUri {
        public LoggedModel {
            requireNonNull(modelId, "modelId is null");
        }

        @Override
        public String uri() {
            return "models:/" + modelId;
        }
    }

    /**
     * {@code runs:/<run-id>/<path>}: a folder of a run's artifacts, or a model the run logged under that name.
     *
     * @param runId the run
     * @param path the path inside the run, without leading or trailing {@code /}
     */
    record RunArtifact(String runId, String path) implements MlflowModelUri {
        public RunArtifact {
            requireNonNull(runId, "runId is null");
            requireNonNull(path, "path is null");
        }

        @Override
        public String uri() {
            return "runs:/" + runId + "/" + path;
        }
    }
}
