package io.tango.cli.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A block of {@code label: value} lines for people, the values aligned in one column after the longest label. A label
 * longer than {@value #LONGEST_ALIGNED} characters is followed by one space instead of pushing every value that far
 * right. Not thread-safe.
 */
final class Fields {
    static final int LONGEST_ALIGNED = 24;

    private final List<String[]> lines = new ArrayList<>();

    /** Adds a line. */
    Fields add(String label, String value) {
        lines.add(new String[] {label + ":", value});
        return this;
    }

    /** Prints the lines, each value one space after the column of the longest label that is aligned. */
    void print(PrintWriter out) {
        int width = 0;
        for (String[] line : lines) {
            if (line[0].length() <= LONGEST_ALIGNED + 1) {
                width = Math.max(width, line[0].length());
            }
        }
        for (String[] line : lines) {
            out.println(line[0] + " ".repeat(Math.max(1, width - line[0].length() + 1)) + line[1]);
        }
    }
}
