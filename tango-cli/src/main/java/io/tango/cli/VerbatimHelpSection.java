package io.tango.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Adds the {@link VerbatimHelp} lines of commands to their help, after the footer and unwrapped. */
final class VerbatimHelpSection {
    /** The key of the section in picocli's help section map. */
    static final String KEY = "tangoVerbatim";

    private VerbatimHelpSection() {}

    /** Adds the section to {@code command} and every subcommand below it whose class declares {@link VerbatimHelp}. */
    static void addDeclared(CommandLine command) {
        VerbatimHelp declared = command.getCommandSpec().userObject().getClass().getAnnotation(VerbatimHelp.class);
        if (declared != null) {
            add(command, List.of(declared.value()));
        }
        command.getSubcommands().values().forEach(VerbatimHelpSection::addDeclared);
    }

    /** Adds {@code lines} to the help of {@code command}, after its footer. */
    static void add(CommandLine command, List<String> lines) {
        requireNonNull(lines, "lines is null");
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append(System.lineSeparator()));
        String section = text.toString();
        UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        keys.remove(KEY);
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER) + 1, KEY);
        usage.sectionKeys(keys);
        usage.sectionMap().put(KEY, help -> section);
    }
}
