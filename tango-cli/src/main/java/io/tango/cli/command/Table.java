package io.tango.cli.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns, and notes (an error, a detail) printed indented under a row. Not
 * thread-safe.
 */
final class Table {
    private final String[] headers;
    private final List<Object> lines = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers.clone();
    }

    /** Adds a row; it must have one cell per header. */
    Table row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("a row needs " + headers.length + " cells, got " + cells.length);
        }
        lines.add(cells.clone());
        return this;
    }

    /** Adds a note under the last row. */
    Table note(String text) {
        lines.add(text);
        return this;
    }

    /** Prints the header, the rows and their notes; the last column is not padded. */
    void print(PrintWriter out) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (Object line : lines) {
            if (line instanceof String[] cells) {
                for (int i = 0; i < cells.length; i++) {
                    widths[i] = Math.max(widths[i], cells[i].length());
                }
            }
        }
        print(out, headers, widths);
        for (Object line : lines) {
            if (line instanceof String[] cells) {
                print(out, cells, widths);
            } else {
                out.println("    " + line);
            }
        }
    }

    private static void print(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder text = new StringBuilder("  ");
        for (int i = 0; i < cells.length; i++) {
            text.append(cells[i]);
            if (i < cells.length - 1) {
                text.append(" ".repeat(widths[i] - cells[i].length() + 2));
            }
        }
        out.println(text.toString().stripTrailing());
    }
}
