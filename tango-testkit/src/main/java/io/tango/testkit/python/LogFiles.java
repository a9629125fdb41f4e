package io.tango.testkit.python;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the end of a log file for exception messages. Stateless; safe for concurrent use. */
final class LogFiles {

    /** How many lines of a log an exception message shows. */
    static final int TAIL_LINES = 40;

    /** At most this many bytes are read from the end of a log. */
    private static final int MAX_TAIL_BYTES = 64 * 1024;

    private LogFiles() {
    }

    /**
     * Returns the last {@code maxLines} lines of {@code file}, or a note saying why they cannot be read.
     *
     * @param file the log file
     * @param maxLines how many lines at most
     * @return the lines joined with {@code \n}, never {@code null}
     */
    static String tail(Path file, int maxLines) {
        if (!Files.isRegularFile(file)) {
            return "(log file " + file + " does not exist)";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            int length = (int) Math.min(size, MAX_TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // reads until the buffer is full or the end of the file
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(text.split("\\R", -1));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines = lines.subList(0, lines.size() - 1);
            }
            if (lines.isEmpty()) {
                return "(log file " + file + " is empty)";
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return "(log file " + file + " could not be read: " + e + ")";
        }
    }

    /**
     * Formats a header and the tail of a log for an exception message.
     *
     * @param file the log file
     * @return {@code "last lines of <file>:\n<tail>"}
     */
    static String describeTail(Path file) {
        return "last " + TAIL_LINES + " lines of " + file + ":\n" + tail(file, TAIL_LINES);
    }
}
