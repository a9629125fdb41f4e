package io.tango.cli.command;

import io.tango.cli.CliContext;
import io.tango.cli.TangoCommand;
import io.tango.runtime.TangoRuntime;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** What every subcommand shares: the global options, the streams, and opening the runtime. */
abstract class TangoSubcommand {
    @Spec
    CommandSpec spec;

    /** @return the top-level command, holding the global options */
    final TangoCommand tango() {
        return (TangoCommand) spec.root().userObject();
    }

    /** @return the streams, environment and distribution folder */
    final CliContext context() {
        return tango().context();
    }

    /** @return standard output */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** @return standard error */
    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** @return a runtime over the global options; the caller closes it */
    final TangoRuntime openRuntime() {
        return tango().openRuntime();
    }

    /** @return a usage error of this command (exit code 2) */
    final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
