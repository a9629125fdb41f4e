package io.tango.toolkit.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Reads the end of a process's log file for an exception message, without reading the whole file. Stateless; safe
 * for concurrent use.
 */
public final class LogTail {

    private LogTail() {
    }

    /**
     * Returns the last non-blank lines of the last {@code maxBytes} bytes of {@code file}. Never fails: a missing,
     * empty or unreadable file gives a note in parentheses saying so.
     *
     * @param file the log file
     * @param maxLines how many lines at most
     * @param maxBytes how many bytes at most are read from the end of the file
     * @return the lines joined with {@code \n}, or the note; never null
     * @throws NullPointerException if {@code file} is null
     * @throws IllegalArgumentException if {@code maxLines} or {@code maxBytes} is negative
     */
    public static String read(Path file, int maxLines, int maxBytes) {
        requireNonNull(file, "file is null");
        if (maxLines < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("maxLines and maxBytes must not be negative: " + maxLines + ", "
                    + maxBytes);
        }
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int length = (int) Math.min(size, maxBytes);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // reads until the buffer is full or the end of the file
            }
            List<String> lines = new ArrayList<>(Arrays.asList(
                    new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\\R")));
            lines.removeIf(String::isBlank);
            if (lines.isEmpty()) {
                return "(the log " + file + " is empty)";
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return "(cannot read the log " + file + ": " + e + ")";
        }
    }
}
