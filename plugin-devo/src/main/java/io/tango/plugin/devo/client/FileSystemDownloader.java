package io.tango.plugin.devo.client;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Writes a model's file to {@code <folder>/<model name><engine's default extension>} (Python:
 * {@code FileSystemDownloader}), overwriting an existing file.
 *
 * <p>Unlike the Python client, it never writes outside its folder whatever name the server sends: a name with a path
 * separator, {@code .}, {@code ..}, or an empty one is refused with {@link UnsafeModelFileNameException}; a file over
 * the size cap is refused with {@link ModelDownloadException} before it is decoded. It writes atomically: the bytes go
 * to a temporary file in the folder, which is then renamed over the target, so a reader never sees half a file. It
 * creates the folder if it is missing. Thread-safe.
 */
public final class FileSystemDownloader implements ModelFileDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(FileSystemDownloader.class);

    private final Path folder;
    private final long maxFileSize;

    /**
     * A downloader with the default cap, {@link ModelManagerClient#DEFAULT_MAX_DOWNLOAD_SIZE}.
     *
     * @param folder where files are written; made absolute (relative to the current directory)
     */
    public FileSystemDownloader(Path folder) {
        this(folder, ModelManagerClient.DEFAULT_MAX_DOWNLOAD_SIZE);
    }

    /**
     * @param folder where files are written; made absolute (relative to the current directory)
     * @param maxFileSize the largest file written, in bytes; a larger one is refused and nothing is written
     */
    public FileSystemDownloader(Path folder, long maxFileSize) {
        this.folder = requireNonNull(folder, "folder is null").toAbsolutePath().normalize();
        if (maxFileSize < 1) {
            throw new IllegalArgumentException("maxFileSize must be positive, got " + maxFileSize);
        }
        this.maxFileSize = maxFileSize;
    }

    /** @return a downloader writing into the current directory (the Python client's default) */
    public static FileSystemDownloader inCurrentDirectory() {
        return new FileSystemDownloader(Path.of(""));
    }

    /**
     * @param maxFileSize the largest file written, in bytes
     * @return a downloader writing into the current directory
     */
    public static FileSystemDownloader inCurrentDirectory(long maxFileSize) {
        return new FileSystemDownloader(Path.of(""), maxFileSize);
    }

    /** @return the largest file written, in bytes */
    public long maxFileSize() {
        return maxFileSize;
    }

    /** @return the absolute folder files are written to */
    public Path folder() {
        return folder;
    }

    @Override
    public Path download(Map<String, Object> model) {
        requireNonNull(model, "model is null");
        String name = text(model.get("name"));
        String engine = text(model.get("engine"));
        if (name.isEmpty() || engine.isEmpty()) {
            throw new ModelDownloadException("Invalid model: a model to download needs a name and an engine");
        }
        Path target = safeTarget(name, name + DevoEngine.defaultExtension(engine));
        byte[] content = decodeImage(name, model.get("image"));
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, ".devo-download-", ".part");
            try {
                Files.write(temporary, content);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            finally {
                Files.deleteIfExists(temporary);
            }
        }
        catch (AtomicMoveNotSupportedException e) {
            throw new ModelDownloadException(
                    "Cannot write the file of model '" + name + "' atomically in " + folder
                            + ": the file system does not support atomic renames", e);
        }
        catch (IOException e) {
            throw new ModelDownloadException("Cannot write the file of model '" + name + "' to " + target + ": " + e, e);
        }
        LOG.debug("Wrote the file of model '{}' ({} bytes) to {}", name, content.length, target);
        return target;
    }

    private byte[] decodeImage(String name, Object image) {
        Object encoded = image instanceof Map<?, ?> map ? map.get("image") : null;
        String text = text(encoded);
        if (text.isEmpty()) {
            throw new ModelDownloadException(
                    "Invalid image: the record of model '" + name + "' has no file content (image.image)");
        }
        // Base64 holds 3 bytes in 4 characters of its alphabet: the size is known before decoding.
        long decodedSize = alphabetCharacters(text) * 3 / 4;
        if (decodedSize > maxFileSize) {
            throw overCap(name, Long.toString(decodedSize));
        }
        byte[] content;
        try {
            // Like Python's base64.b64decode, ignore characters outside the alphabet (line breaks).
            content = Base64.getMimeDecoder().decode(text);
        }
        catch (IllegalArgumentException e) {
            throw new ModelDownloadException("Invalid image: the file content of model '" + name + "' is not base64", e);
        }
        if (content.length > maxFileSize) {
            throw overCap(name, Integer.toString(content.length));
        }
        return content;
    }

    private static long alphabetCharacters(String text) {
        long count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                count++;
            }
        }
        return count;
    }

    private ModelDownloadException overCap(String name, String size) {
        return new ModelDownloadException("Refusing to write the file of model '" + name + "': it is " + size
                + " bytes, over the cap of " + maxFileSize + " bytes (max_download_size); nothing was written to "
                + folder);
    }

    private Path safeTarget(String name, String fileName) {
        boolean unsafe = name.equals(".")
                || name.equals("..")
                || fileName.indexOf('/') >= 0
                || fileName.indexOf('\\') >= 0
                || fileName.chars().anyMatch(Character::isISOControl);
        if (!unsafe) {
            try {
                Path relative = Path.of(fileName);
                Path target = folder.resolve(relative).normalize();
                if (!relative.isAbsolute() && relative.getNameCount() == 1 && folder.equals(target.getParent())) {
                    return target;
                }
            }
            catch (InvalidPathException e) {
                // Refused below, like any other name that is not a plain file name.
            }
        }
        throw new UnsafeModelFileNameException("Refusing to write the file of model '" + name + "' as '" + fileName
                + "': it is not a plain file name inside the download folder " + folder);
    }

    private static String text(Object value) {
        return value instanceof String string ? string : value == null ? "" : value.toString();
    }

    @Override
    public String toString() {
        return "FileSystemDownloader[" + folder + ", max " + maxFileSize + " bytes]";
    }
}
