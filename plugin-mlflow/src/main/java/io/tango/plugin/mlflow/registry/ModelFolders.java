package io.tango.plugin.mlflow.registry;

import io.tango.api.InvalidRequestException;
import io.tango.plugin.mlflow.model.MlflowModelUri;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a resolved model goes inside a download folder: {@code <name>/<version>} for a registered model version,
 * {@code logged-models/<id>} for a logged model, {@code runs/<run>/<path>} for a run's folder. Every segment is
 * reduced to file-name-safe characters, so a key can never name a folder outside the download folder. Stateless.
 */
public final class ModelFolders {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private ModelFolders() {}

    /**
     * @param downloadFolder the folder to download into
     * @param model a resolved model
     * @return the model's folder inside {@code downloadFolder}
     */
    public static Path folderOf(Path downloadFolder, ResolvedModel model) {
        Path root = downloadFolder.toAbsolutePath().normalize();
        Path folder;
        if (model.version().isPresent()) {
            folder = root.resolve(segment(model.name())).resolve(segment(model.version().get()));
        } else if (model.uri() instanceof MlflowModelUri.LoggedModel logged) {
            folder = root.resolve("logged-models").resolve(segment(logged.modelId()));
        } else {
            MlflowModelUri.RunArtifact run = (MlflowModelUri.RunArtifact) model.uri();
            folder = root.resolve("runs").resolve(segment(run.runId()));
            for (String part : run.path().split("/")) {
                if (!part.isEmpty()) {
                    folder = folder.resolve(segment(part));
                }
            }
        }
        return folder;
    }

    private static String segment(String text) {
        if (text.equals(".") || text.equals("..") || text.isEmpty()) {
            throw new InvalidRequestException("model URI segment '" + text + "' is not allowed");
        }
        return UNSAFE.matcher(text).replaceAll("_");
    }
}
