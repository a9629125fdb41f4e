package io.tango.cli.command;

/** How a command prints what it found: for people, or JSON for machines. */
public enum OutputFormat {
    text,
    json
}
