package io.tango.plugin.mlflow.client;

import io.tango.api.ModelNotFoundException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Downloads folders and files through the {@code mlflow-artifacts} proxy.
 *
 * <p>A folder is downloaded by walking the listings, recursing into sub-folders, into a temporary sibling of the
 * target that is renamed into place at the end: a failed download leaves nothing behind, and a reader never sees a
 * half-written folder. Every name the server sends is checked: one that is absolute, has a {@code ..} segment or
 * would land outside the target is refused with a {@link RemoteServiceException}, before anything is written for it,
 * as is one with a backslash or a control character, one listed twice, and folders nested deeper than
 * {@value #MAX_DEPTH}. Files are created new and never through a symbolic link; a target (or its parent) that is a
 * symbolic link is refused. The total size is capped, checked as bytes arrive, and every file must arrive within the
 * download timeout. Thread-safe; two downloads of the same target may race, the first rename wins and the
 * other's copy is dropped.
 */
public final class ArtifactDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactDownloader.class);

    /** How deep a listing's folders may nest; a server listing deeper ones is refused. */
    static final int MAX_DEPTH = 64;

    private final MlflowTrackingClient client;
    private final long maxBytes;

    /**
     * @param client the tracking server's client
     * @param maxBytes the most bytes one download may write
     */
    public ArtifactDownloader(MlflowTrackingClient client, long maxBytes) {
        this.client = requireNonNull(client, "client is null");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Downloads the folder {@code remotePath} to {@code target}, unless {@code target} exists already (a completed
     * earlier download: targets only ever appear by an atomic rename).
     *
     * @param remotePath the folder, relative to the proxy's root
     * @param target the local folder to create
     * @return {@code target}
     * @throws ModelNotFoundException if the remote folder is empty or does not exist
     * @throws RemoteServiceException if the server failed or sent an unsafe name
     * @throws TangoException if the download is over the size cap or cannot be written
     */
    public Path downloadFolder(String remotePath, Path target) {
        requireNonNull(remotePath, "remotePath is null");
        Path destination = requireNonNull(target, "target is null").toAbsolutePath().normalize();
        for (Path checked : List.of(destination, destination.getParent())) {
            if (Files.isSymbolicLink(checked)) {
                throw new TangoException("cannot download '" + remotePath + "' into " + destination + ": " + checked
                        + " is a symbolic link, which could point outside the download folder; remove it");
            }
        }
        if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
            LOG.debug("Reusing {} for {}", destination, remotePath);
            return destination;
        }
        Path parent = destination.getParent();
        Path temporary = parent.resolve("." + destination.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            Files.createDirectory(temporary);
            long[] written = {0};
            int files = copyFolder(remotePath, temporary, temporary, written, 0);
            if (files == 0) {
                throw new ModelNotFoundException(client.connection().serviceName() + ": no artifacts at '"
                        + remotePath + "'");
            }
            moveIntoPlace(temporary, destination);
            LOG.info("Downloaded {} files ({} bytes) of '{}' from {} into {}", files, written[0], remotePath,
                    client.connection().serviceName(), destination);
            return destination;
        } catch (IOException e) {
            throw new TangoException("cannot write the download of '" + remotePath + "' into " + destination + ": " + e, e);
        } finally {
            deleteRecursively(temporary);
        }
    }

    /**
     * Reads one file as UTF-8 text, at most the size cap.
     *
     * @param remotePath the file, relative to the proxy's root
     * @return its content
     * @throws ModelNotFoundException if there is no such file
     */
    public String readText(String remotePath) {
        byte[] bytes = client.readArtifact(remotePath, Math.min(Integer.MAX_VALUE - 8, maxBytes),
                () -> tooLarge(remotePath));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private int copyFolder(String remoteFolder, Path root, Path localFolder, long[] written, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            throw new RemoteServiceException(client.connection().serviceName(), null, null, false,
                    "listed folders nested more than " + MAX_DEPTH + " deep at '" + remoteFolder
                            + "'; refusing to download them");
        }
        List<ArtifactEntry> entries = client.listArtifacts(remoteFolder);
        int files = 0;
        for (ArtifactEntry entry : entries) {
            String name = checkedName(entry.name(), remoteFolder);
            Path local = localFolder.resolve(name).normalize();
            if (!local.startsWith(root) || local.equals(root)) {
                throw unsafe(entry.name(), remoteFolder);
            }
            String remoteChild = remoteFolder.isEmpty() ? name : remoteFolder + "/" + name;
            if (entry.directory()) {
                Files.createDirectories(local);
                files += copyFolder(remoteChild, root, local, written, depth + 1);
            } else {
                Files.createDirectories(local.getParent());
                copyFile(remoteChild, local, written);
                files++;
            }
        }
        return files;
    }

    private void copyFile(String remotePath, Path local, long[] written) {
        if (Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new RemoteServiceException(client.connection().serviceName(), null, null, false,
                    "listed the artifact '" + remotePath + "' twice; refusing to download it");
        }
        written[0] += client.downloadArtifact(remotePath, local, maxBytes - written[0], () -> tooLarge(remotePath));
    }

    private TangoException tooLarge(String remotePath) {
        return new TangoException("download of '" + remotePath + "' from " + client.connection().serviceName()
                + " is over the size cap of " + maxBytes + " bytes (option max_download_size)");
    }

    /** A name must be relative, non-empty, without {@code .} or {@code ..} segments and without backslashes. */
    private String checkedName(String name, String remoteFolder) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.chars().anyMatch(c -> c < 0x20)
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw unsafe(name, remoteFolder);
        }
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw unsafe(name, remoteFolder);
            }
        }
        return name;
    }

    private RemoteServiceException unsafe(String name, String remoteFolder) {
        return new RemoteServiceException(client.connection().serviceName(), null, null, false,
                "listed an artifact named '" + printable(name) + "' in '" + printable(remoteFolder)
                        + "' that would be written outside the download folder; refusing to download it");
    }

    /** @return the text with control characters shown as {@code \\uXXXX} escapes, at most 200 characters */
    static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 200 ? shown + "…" : shown.toString();
    }

    private static void moveIntoPlace(Path temporary, Path destination) throws IOException {
        try {
            Files.move(temporary, destination, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + destination + " cannot rename atomically", e);
        } catch (IOException e) {
            if (!Files.isDirectory(destination)) {
                throw e;
            }
            // Another download of the same target won the race; its copy is complete.
            LOG.debug("{} appeared while downloading; keeping the existing copy", destination);
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}: {}", path, e.toString());
        }
    }
}
