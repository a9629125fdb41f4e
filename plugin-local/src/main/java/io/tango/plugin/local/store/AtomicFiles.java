package io.tango.plugin.local.store;

import io.tango.api.TangoException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * File operations that never leave a half-written file or folder behind: content is written to a temporary sibling,
 * forced to disk, then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}.
 */
public final class AtomicFiles {
    /** Prefix of temporary siblings; store listings skip names starting with a dot. */
    public static final String TEMPORARY_PREFIX = ".tmp-";

    private AtomicFiles() {}

    /**
     * Replaces {@code file} with {@code content} atomically: readers see the old or the new content, never a mix.
     *
     * @param file the file to write
     * @param content its new content
     * @throws TangoException if the folder cannot be written
     */
    public static void write(Path file, byte[] content) {
        requireNonNull(file, "file is null");
        requireNonNull(content, "content is null");
        Path parent = file.toAbsolutePath().getParent();
        Path temporary = parent.resolve(TEMPORARY_PREFIX + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(parent);
            try (FileChannel channel = FileChannel.open(temporary,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(parent);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw writeFailure(parent, e);
        }
    }

    /**
     * Forces every regular file below {@code directory} (and the folder entries) to disk, so a rename that publishes
     * the folder publishes complete content.
     *
     * @param directory the folder to force
     * @throws IOException if a file cannot be forced
     */
    public static void forceTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(path)) {
                    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                }
            }
        }
        forceDirectory(directory);
    }

    /**
     * Forces a folder's entries to disk where the platform allows it (a no-op where folders cannot be opened).
     *
     * @param directory the folder
     */
    public static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open a folder as a channel; the rename is still atomic there.
        }
    }

    /**
     * Deletes a file or folder tree; a missing path is not an error.
     *
     * @param path what to delete
     * @throws UncheckedIOException if something exists but cannot be deleted
     */
    public static void deleteRecursively(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** Deletes a file or folder tree, ignoring failures: for clean-up after another error. */
    public static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (UncheckedIOException ignored) {
            // the original error matters more
        }
    }

    /**
     * @param directory the folder that could not be written
     * @param cause the I/O error
     * @return an error naming the folder and, for common causes, why
     */
    public static TangoException writeFailure(Path directory, IOException cause) {
        String reason;
        if (cause instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (cause instanceof NoSuchFileException) {
            reason = "a parent folder does not exist";
        } else if (cause instanceof java.nio.file.FileAlreadyExistsException) {
            reason = "a file is in the way: " + ((FileSystemException) cause).getFile();
        } else if (cause instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            reason = fileSystem.getReason() + ": " + fileSystem.getFile();
        } else {
            reason = String.valueOf(cause.getMessage());
        }
        return new TangoException("cannot write to " + directory + " (" + reason + ")", cause);
    }
}
