package io.tango.cli;

import java.util.List;
import java.util.regex.Pattern;

/** Reads the tables the commands print: indented rows whose cells are separated by two spaces or more. */
final class Tables {
    private static final Pattern CELL_SEPARATOR = Pattern.compile(" {2,}");

    private Tables() {}

    /** @return the cells of every line indented by exactly two spaces (table rows; notes are indented by four) */
    static List<List<String>> rows(String output) {
        return output.lines()
                .filter(line -> line.startsWith("  ") && !line.startsWith("   "))
                .map(line -> List.of(CELL_SEPARATOR.split(line.strip())))
                .toList();
    }
}
