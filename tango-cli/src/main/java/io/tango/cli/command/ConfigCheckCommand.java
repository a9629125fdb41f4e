package io.tango.cli.command;

import io.tango.api.InvalidConfigException;
import io.tango.api.TangoComponent;
import io.tango.api.config.ConfigProblem;
import io.tango.cli.ExitCodes;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.config.InstanceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tango config check FILE}: validates a configuration and prints every problem with its path. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Validates a configuration file against the discovered plugins' declared options and prints every "
                        + "problem with its full path: unknown sections, keys and types (with the nearest valid one), missing "
                        + "required options, values of the wrong type, MULTI references to missing instances or cycles, keys written twice.",
                "",
                "Exit code 0 when the configuration is valid, 4 when it is not."})
public final class ConfigCheckCommand extends TangoSubcommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The configuration file (YAML or JSON). Default: the configuration in effect (--config).")
    Path file;

    @Option(names = "--create",
            description = "Also build every configured instance, to catch values a plugin rejects only when it uses them "
                    + "(a folder that cannot be created, a negative thread count).")
    boolean create;

    @Override
    public Integer call() {
        Optional<Path> checked = file != null ? Optional.of(file) : tango().configFile();
        String name = checked.map(Path::toString).orElse("the built-in default configuration");
        List<ConfigProblem> problems = new ArrayList<>();
        int instances = 0;
        try (TangoRuntime runtime = tango().openRuntime(checked)) {
            for (Map.Entry<ComponentKind, Map<String, InstanceConfig>> kind : runtime.configuredInstances().entrySet()) {
                for (InstanceConfig instance : kind.getValue().values()) {
                    instances++;
                    if (create) {
                        try {
                            runtime.component(kind.getKey(), instance.name(), TangoComponent.class);
                        } catch (InvalidConfigException e) {
                            problems.addAll(e.problems());
                        } catch (RuntimeException e) {
                            problems.add(new ConfigProblem(instance.path(), "cannot be created: " + e.getMessage()));
                        }
                    }
                }
            }
        } catch (InvalidConfigException e) {
            problems.addAll(e.problems());
        }
        if (problems.isEmpty()) {
            out().println(name + ": valid (" + instances + (instances == 1 ? " instance" : " instances") + " configured"
                    + (create ? ", all created" : "") + ")");
            return ExitCodes.OK;
        }
        out().println(name + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        for (ConfigProblem problem : problems) {
            out().println("  - " + problem);
        }
        return ExitCodes.INVALID;
    }
}
