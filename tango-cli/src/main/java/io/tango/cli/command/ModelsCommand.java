package io.tango.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tango models}: find, load and run models through the configured finders and initializers. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
                "Finds, loads and runs models through the configured finders and initializers.",
                "",
                "A model key is whatever the finders understand: iris, iris/3, iris@latest, models:/iris@champion, "
                        + "runs:/<run>/model, deepaas://127.0.0.1:5000/demo, devo://prod/churn, or a path."},
        subcommands = {ModelFindCommand.class, ModelLoadCommand.class, ModelPredictCommand.class})
public final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: find, load or predict");
    }
}
