package io.tango.cli.command;

import io.tango.api.NotFoundException;
import io.tango.cli.Json;
import io.tango.cli.VerbatimHelp;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.config.Suggestions;
import io.tango.runtime.plugin.DiscoveredFactory;
import io.tango.runtime.plugin.FactoryRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tango plugins describe KIND TYPE}: a type's declared options, straight from its factory. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Describes one type as its factory declares it: kind, type, description, class, plugin and location, "
                        + "then its config options with their type, default, whether required or secret, and description. "
                        + "A secret option's default is never shown.",
                "",
                "Works without the type being configured, and with an invalid configuration. Exit code 2 for an "
                        + "unknown kind, 3 for an unknown type (both list what exists)."})
@VerbatimHelp({
        "",
        "Examples:",
        "  tango plugins describe deployment_targets mlflow",
        "  tango plugins describe finders LOCAL --format json"})
public final class PluginsDescribeCommand extends TangoSubcommand implements Callable<Integer> {
    private static final List<String> SECTIONS = Arrays.stream(ComponentKind.values()).map(ComponentKind::section).toList();

    @Parameters(index = "0", paramLabel = "KIND",
            description = "The kind: its config section (finders, initializers, trainers, job_predictors, deployment_targets, "
                    + "registries, model_servers) or its name in 'tango plugins' (finder, deployment target, ...).")
    String kind;

    @Parameters(index = "1", paramLabel = "TYPE", description = "The type, as 'tango plugins' lists it (any case).")
    String type;

    @Mixin
    OutputFormatOption format;

    @Override
    public Integer call() {
        ComponentKind componentKind = kind(kind);
        try (TangoRuntime runtime = DeclaredTypes.open(tango())) {
            FactoryRegistry registry = runtime.factories();
            DiscoveredFactory factory = registry.find(componentKind, type)
                    .orElseThrow(() -> new NotFoundException(registry.unknownTypeMessage(componentKind, type)));
            if (format.json()) {
                out().println(Json.write(FactoryDescription.json(factory)));
            } else {
                FactoryDescription.print(factory, out());
            }
            return 0;
        }
    }

    private ComponentKind kind(String given) {
        String name = given.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (ComponentKind candidate : ComponentKind.values()) {
            if (candidate.section().equals(name) || candidate.displayName().replace(' ', '_').equals(name)) {
                return candidate;
            }
        }
        throw usage("unknown kind '" + given + "'." + Suggestions.didYouMean(name, SECTIONS) + " Kinds: " + String.join(", ", SECTIONS));
    }
}
