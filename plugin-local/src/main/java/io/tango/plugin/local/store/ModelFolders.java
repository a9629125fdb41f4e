package io.tango.plugin.local.store;

import io.tango.api.TangoException;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The rule for files a model folder names (a store version's {@code tango-model.json} artifact, an MLflow model's
 * {@code flavors.onnx.data}, the single {@code .onnx} file of a folder): the file must be inside the folder, also once
 * symbolic links are followed. A link that stays inside the folder is fine; a name with {@code ..} or an absolute name
 * that leaves it, or a link that leads out of it (elsewhere in the store, or outside), is refused, so a model folder
 * copied or downloaded from elsewhere can never make plugin-local read a file it does not hold. A key that is itself
 * a path to an {@code .onnx} file is the caller's explicit choice and is not checked.
 */
public final class ModelFolders {
    private ModelFolders() {}

    /**
     * @param folder the model folder
     * @param name the file's name relative to the folder, as the folder's descriptor gives it
     * @param what what the folder is, for the message (e.g. {@code "model 'iris' version '1' in the local store"})
     * @return the file, resolved against the folder (it may not exist: callers report a missing file)
     * @throws TangoException if the file is outside the folder, by its name or by a symbolic link, saying where it leads
     */
    public static Path fileInside(Path folder, String name, String what) {
        Path base = folder.toAbsolutePath().normalize();
        Path file;
        try {
            file = base.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new TangoException(what + " names its artifact '" + name + "', which is not a valid path: "
                    + e.getReason());
        }
        if (!file.startsWith(base) || file.equals(base)) {
            throw new TangoException(what + " names its artifact '" + name + "', which is outside its folder " + base
                    + "; refusing it: an artifact must be a file inside its model's folder");
        }
        Path real;
        Path realBase;
        try {
            real = file.toRealPath();
            realBase = base.toRealPath();
        } catch (NoSuchFileException e) {
            return file;
        } catch (IOException e) {
            throw new TangoException("cannot resolve the artifact " + file + " of " + what + ": " + e.getMessage(), e);
        }
        if (!real.startsWith(realBase)) {
            throw new TangoException(what + " has its artifact " + file + " linked to " + real + ", outside its folder "
                    + realBase + "; refusing it: an artifact must be a file inside its model's folder, not a link out"
                    + " of it");
        }
        return file;
    }
}
