package io.tango.testkit.python;

import io.tango.toolkit.process.LogTail;

import java.nio.file.Path;

/** The end of a log file in exception messages, read by the toolkit's {@link LogTail}. Stateless; thread-safe. */
final class LogFiles {

    /** How many lines of a log an exception message shows. */
    static final int TAIL_LINES = 40;

    /** At most this many bytes are read from the end of a log. */
    private static final int MAX_TAIL_BYTES = 64 * 1024;

    private LogFiles() {
    }

    /**
     * Returns the last {@code maxLines} non-blank lines of {@code file}, or a note saying why there are none.
     *
     * @param file the log file
     * @param maxLines how many lines at most
     * @return the lines joined with {@code \n}, never {@code null}
     */
    static String tail(Path file, int maxLines) {
        return LogTail.read(file, maxLines, MAX_TAIL_BYTES);
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
