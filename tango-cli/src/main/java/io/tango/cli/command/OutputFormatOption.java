package io.tango.cli.command;

import picocli.CommandLine.Option;

/** {@code --format text|json}, mixed into every command that can print JSON for machines. */
final class OutputFormatOption {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    /** @return whether JSON was asked for */
    boolean json() {
        return format == OutputFormat.json;
    }
}
