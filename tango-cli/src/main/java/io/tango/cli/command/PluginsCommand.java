package io.tango.cli.command;

import io.tango.api.InvalidConfigException;
import io.tango.api.PluginLoadException;
import io.tango.cli.ExitCodes;
import io.tango.cli.Json;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.builtin.MultiModelFinderFactory;
import io.tango.runtime.builtin.MultiModelInitializerFactory;
import io.tango.runtime.plugin.PluginClassLoader;
import io.tango.runtime.plugin.PluginDiscovery;
import io.tango.runtime.plugin.PluginInfo;
import io.tango.runtime.plugin.PluginReport;
import io.tango.runtime.plugin.ProviderReport;
import io.tango.runtime.plugin.ProviderStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tango plugins}: every discovered plugin and provider, loaded or failed and why. */
@Command(
        name = "plugins",
        mixinStandardHelpOptions = true,
        subcommands = PluginsDescribeCommand.class,
        sortOptions = false,
        description = {
                "Lists every discovered plugin and provider: kind, type, class, jar or folder, loaded or failed and "
                        + "why.",
                "",
                "Plugins come from the plugin directories (each sub-folder or loose jar is one plugin, in its own "
                        + "class loader), the class path, and the runtime itself (built-in). A broken plugin is listed with its "
                        + "error and never hides the others; the exit code is then 1. An invalid configuration is reported "
                        + "on standard error, and the plugins are still listed."})
public final class PluginsCommand extends TangoSubcommand implements Callable<Integer> {
    /** The output formats. */
    public enum Format { text, json }

    private static final String NONE_LOADED = "none of its providers loaded";

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        Discovered discovered = discover();
        try {
            if (format == Format.json) {
                out().println(Json.write(json(discovered)));
            } else {
                printText(discovered, out());
            }
            out().flush();
            return failed(discovered.report()) ? ExitCodes.FAILURE : ExitCodes.OK;
        } finally {
            discovered.close();
        }
    }

    /** The report, and what must be closed once it is printed. */
    private record Discovered(List<Path> directories, PluginReport report, AutoCloseable resources) {
        void close() {
            try {
                resources.close();
            } catch (Exception e) {
                // Closing class loaders of a listing: nothing the user can act on.
            }
        }
    }

    private Discovered discover() {
        List<Path> directories = new ArrayList<>(tango().pluginDirectories());
        try {
            TangoRuntime runtime = openRuntime();
            directories.addAll(tango().configuredPluginDirectories());
            return new Discovered(PluginDiscovery.distinctDirectories(directories), runtime.pluginReport(), runtime);
        } catch (InvalidConfigException | PluginLoadException e) {
            String file = tango().configFile().map(Path::toString).orElse("the configuration");
            err().println(e instanceof InvalidConfigException
                    ? "warning: " + file + " is invalid (run 'tango config check " + file + "' for every problem); listing plugins without it"
                    : "warning: " + e.getMessage().lines().findFirst().orElse("") + " (the runtime cannot start until this is fixed)");
            err().flush();
            directories.addAll(tango().configuredPluginDirectories());
            PluginDiscovery.Result result = PluginDiscovery.discover(
                    TangoRuntime.class.getClassLoader(),
                    true,
                    directories,
                    List.of(new MultiModelFinderFactory(), new MultiModelInitializerFactory()));
            return new Discovered(PluginDiscovery.distinctDirectories(directories), result.report(), () -> closeAll(result.classLoaders()));
        }
    }

    /** Scripts and CI read the exit code: any broken plugin or provider makes it a failure. */
    private static boolean failed(PluginReport report) {
        return !report.problems().isEmpty() || report.plugins().stream().anyMatch(plugin -> !plugin.loaded());
    }

    private static String status(PluginInfo plugin) {
        return plugin.loaded() ? "LOADED" : "FAILED";
    }

    private static void closeAll(List<PluginClassLoader> loaders) throws IOException {
        for (PluginClassLoader loader : loaders) {
            loader.close();
        }
    }

    private static Map<String, Object> json(Discovered discovered) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("plugin_directories", discovered.directories().stream().map(Path::toString).toList());
        json.put("plugins", discovered.report().plugins().stream().map(PluginsCommand::plugin).toList());
        json.put("providers", discovered.report().providers().stream().map(PluginsCommand::provider).toList());
        json.put("problems", discovered.report().problems());
        return json;
    }

    private static Map<String, Object> plugin(PluginInfo plugin) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", plugin.name());
        json.put("location", plugin.location());
        json.put("status", status(plugin));
        json.put("jars", plugin.jars());
        json.put("error", plugin.error().orElse(plugin.loaded() ? null : NONE_LOADED));
        return json;
    }

    private static Map<String, Object> provider(ProviderReport provider) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", provider.kind().displayName());
        json.put("section", provider.kind().section());
        json.put("type", provider.type().orElse(null));
        json.put("status", provider.status().name());
        json.put("plugin", provider.plugin());
        json.put("class", provider.className());
        json.put("location", provider.location());
        json.put("description", provider.description());
        json.put("error", provider.error().orElse(null));
        return json;
    }

    private static void printText(Discovered discovered, PrintWriter out) {
        PluginReport report = discovered.report();
        out.println("Plugin directories: " + (discovered.directories().isEmpty()
                ? "none"
                : String.join(", ", discovered.directories().stream().map(Path::toString).toList())));
        out.println();
        if (report.plugins().isEmpty()) {
            out.println("Plugins: none");
        } else {
            Table plugins = new Table("PLUGIN", "STATUS", "JARS", "LOCATION");
            for (PluginInfo plugin : report.plugins()) {
                plugins.row(plugin.name(), status(plugin), String.valueOf(plugin.jars().size()), plugin.location());
                if (!plugin.loaded()) {
                    plugins.note("error: " + plugin.error().orElse(NONE_LOADED));
                }
            }
            out.println("Plugins (" + report.plugins().size() + "):");
            plugins.print(out);
        }
        out.println();
        Table providers = new Table("KIND", "TYPE", "STATUS", "PLUGIN", "CLASS", "LOCATION");
        for (ProviderReport provider : report.providers()) {
            providers.row(provider.kind().displayName(), provider.type().orElse("?"), provider.status().name(),
                    provider.plugin(), provider.className().isEmpty() ? "?" : provider.className(), provider.location());
            if (provider.status() != ProviderStatus.LOADED) {
                provider.error().ifPresent(error -> providers.note("error: " + error));
            }
        }
        out.println("Providers (" + report.providers().size() + "):");
        providers.print(out);
        List<String> problems = report.problems();
        out.println();
        out.println(problems.isEmpty() ? "No problems." : problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + ": see the errors above.");
    }
}
