package io.tango.cli.command;

import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.cli.Json;
import io.tango.cli.VerbatimHelp;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.config.ConfigValidator;
import io.tango.runtime.config.InstanceConfig;
import io.tango.runtime.plugin.DiscoveredFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code tango deployments}: MLflow's deployment verbs and flags, over any TANGO deployment target. */
@Command(
        name = "deployments",
        mixinStandardHelpOptions = true,
        description = {
                "Deploys models to a target with the verbs and flags of 'mlflow deployments': create, update, delete, "
                        + "get, list, predict, explain, help and run-local, each with -t TARGET ('local', 'mlflow', 'devo', or "
                        + "a URI such as 'mlflow:/suffix').",
                "",
                "'tango deployments help -t TARGET' prints the target's own help.",
                "",
                "As in MLflow, -C KEY=VALUE passes a target-specific setting (repeatable, each key once). Its long "
                        + "form is --target-config, since --config names tango's configuration file."},
        subcommands = {
                DeploymentsCommand.Create.class,
                DeploymentsCommand.Update.class,
                DeploymentsCommand.Delete.class,
                DeploymentsCommand.Get.class,
                DeploymentsCommand.ListDeployments.class,
                DeploymentsCommand.Predict.class,
                DeploymentsCommand.Explain.class,
                DeploymentsCommand.Help.class,
                DeploymentsCommand.RunLocal.class})
public final class DeploymentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a subcommand is required: create, update, delete, get, list, predict, explain, help or run-local");
    }

    /** {@code -t/--target}. */
    static final class TargetOption {
        @Option(names = {"-t", "--target"}, paramLabel = "TARGET", required = true,
                description = "The deployment target: a name such as local, mlflow or devo, or a URI such as mlflow:/suffix.")
        String target;
    }

    /** {@code --name}. */
    static final class NameOption {
        @Option(names = "--name", paramLabel = "NAME", required = true, description = "The deployment's name.")
        String name;
    }

    /** {@code -C/--target-config KEY=VALUE}. */
    static final class ConfigOption {
        @Option(names = {"-C", "--target-config"}, paramLabel = "KEY=VALUE",
                description = "A target-specific setting (see 'tango deployments help -t TARGET'); repeatable, each key once.")
        List<String> pairs = new ArrayList<>();

        Map<String, String> parse(Function<String, ParameterException> usage) {
            return KeyValues.parse("-C", pairs, usage);
        }
    }

    /** A deployment verb: opens the runtime, finds the target's client, and runs. */
    abstract static class Verb extends TangoSubcommand implements Callable<Integer> {
        @Mixin
        TargetOption target;

        @Override
        public final Integer call() throws Exception {
            prepare();
            try (TangoRuntime runtime = openRuntime()) {
                return run(runtime.deploymentClient(target.target));
            }
        }

        /** Checks the arguments before the runtime opens. */
        void prepare() {}

        abstract int run(DeploymentClient client) throws Exception;
    }

    /** {@code create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Deploys a model to the target, blocking until it can serve.",
                "",
                "Exit code 3 when the model is not found, 4 when a setting is invalid, 1 when the name is taken."})
    @VerbatimHelp({"", "Example:", "  tango deployments create -t local --name iris -m iris@latest -C serve=true"})
    public static final class Create extends Verb {
        @Mixin
        NameOption name;

        @Option(names = {"-m", "--model-uri"}, paramLabel = "URI", required = true,
                description = "The model to deploy: a model key such as iris, iris/3, models:/iris@champion.")
        String modelUri;

        @Option(names = {"-f", "--flavor"}, paramLabel = "FLAVOR", description = "The flavor to serve it with; the target chooses by default.")
        String flavor;

        @Mixin
        ConfigOption config;

        @Mixin
        OutputFormatOption format;

        private Map<String, String> settings;

        @Override
        void prepare() {
            settings = config.parse(this::usage);
        }

        @Override
        int run(DeploymentClient client) {
            Deployment deployment = client.createDeployment(name.name, modelUri, Optional.ofNullable(flavor), settings);
            if (format.json()) {
                out().println(Json.write(Json.deployment(deployment)));
            } else {
                out().println(deployment.flavor().orElse("model") + " deployment " + deployment.name() + " is created");
                Deployments.print(deployment, out());
            }
            return 0;
        }
    }

    /** {@code update}. */
    @Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Changes a deployment's model, flavor or settings, blocking until it serves again.",
                "",
                "Exit code 3 when there is no such deployment."})
    public static final class Update extends Verb {
        @Mixin
        NameOption name;

        @Option(names = {"-m", "--model-uri"}, paramLabel = "URI", description = "The new model; the current one is kept by default.")
        String modelUri;

        @Option(names = {"-f", "--flavor"}, paramLabel = "FLAVOR", description = "The new flavor (requires --model-uri).")
        String flavor;

        @Mixin
        ConfigOption config;

        @Mixin
        OutputFormatOption format;

        private Map<String, String> settings;

        @Override
        void prepare() {
            settings = config.parse(this::usage);
            if (flavor != null && modelUri == null) {
                throw usage("--flavor can only be changed together with --model-uri");
            }
        }

        @Override
        int run(DeploymentClient client) {
            Deployment deployment = client.updateDeployment(name.name, Optional.ofNullable(modelUri), Optional.ofNullable(flavor), settings);
            if (format.json()) {
                out().println(Json.write(Json.deployment(deployment)));
            } else {
                out().println("Deployment " + deployment.name() + " is updated"
                        + deployment.flavor().map(value -> " (with flavor " + value + ")").orElse(""));
                Deployments.print(deployment, out());
            }
            return 0;
        }
    }

    /** {@code delete}. */
    @Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Deletes a deployment. Deleting one that does not exist is not an error, as in MLflow.")
    public static final class Delete extends Verb {
        @Mixin
        NameOption name;

        @Mixin
        ConfigOption config;

        private Map<String, String> settings;

        @Override
        void prepare() {
            settings = config.parse(this::usage);
        }

        @Override
        int run(DeploymentClient client) {
            client.deleteDeployment(name.name, settings);
            out().println("Deployment " + name.name + " is deleted");
            return 0;
        }
    }

    /** {@code get}. */
    @Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Shows a deployment: model, flavor, state, URL and the target's details. Exit code 3 when there is none.")
    public static final class Get extends Verb {
        @Mixin
        NameOption name;

        @Mixin
        OutputFormatOption format;

        @Override
        int run(DeploymentClient client) {
            Deployment deployment = client.getDeployment(name.name);
            if (format.json()) {
                out().println(Json.write(Json.deployment(deployment)));
            } else {
                Deployments.print(deployment, out());
            }
            return 0;
        }
    }

    /** {@code list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Lists the target's deployments, ordered by name.")
    public static final class ListDeployments extends Verb {
        @Mixin
        OutputFormatOption format;

        @Override
        int run(DeploymentClient client) {
            List<Deployment> deployments = client.listDeployments();
            if (format.json()) {
                out().println(Json.write(deployments.stream().map(Json::deployment).collect(Collectors.toList())));
                return 0;
            }
            if (deployments.isEmpty()) {
                out().println("No deployments on target " + client.target() + ".");
                return 0;
            }
            Table table = new Table("NAME", "STATE", "MODEL_URI", "FLAVOR", "URL");
            for (Deployment deployment : deployments) {
                table.row(deployment.name(), deployment.state().name(), deployment.modelUri(),
                        deployment.flavor().orElse("-"), deployment.url().map(Object::toString).orElse("-"));
                Optional.ofNullable(deployment.details().get("error")).ifPresent(error -> table.note("error: " + error));
            }
            table.print(out());
            return 0;
        }
    }

    /** {@code predict} and {@code explain}: a request to a deployment. */
    abstract static class Ask extends Verb {
        @Mixin
        NameOption name;

        @Mixin
        RequestOptions request;

        private TangoRequest parsed;

        @Override
        void prepare() {
            parsed = request.read(context().in(), this::usage);
        }

        @Override
        int run(DeploymentClient client) {
            TangoResponse response = ask(client, name.name, parsed);
            request.write(Json.outputs(response), out()).ifPresent(file -> err().println("Wrote the result to " + file));
            return 0;
        }

        abstract TangoResponse ask(DeploymentClient client, String name, TangoRequest request);
    }

    /** {@code predict}. */
    @Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Sends a prediction request to a deployment and prints (or writes) its outputs as JSON.",
                "",
                "Exit code 3 when there is no such deployment, 4 when the request does not match the model."})
    @VerbatimHelp({
                "",
                RequestOptions.FORMATS,
                RequestOptions.FORMAT_NAMED,
                RequestOptions.FORMAT_SPLIT,
                RequestOptions.FORMAT_RECORDS,
                RequestOptions.FORMAT_TENSORS,
                RequestOptions.FORMAT_PARAMS,
                "",
                "Example:",
                "  tango deployments predict -t local --name iris -I request.json -O out.json"})
    public static final class Predict extends Ask {
        @Override
        TangoResponse ask(DeploymentClient client, String name, TangoRequest request) {
            return client.predict(name, request);
        }
    }

    /** {@code explain}. */
    @Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Asks a deployment to explain its predictions for a request, e.g. with per-feature attributions.",
                "",
                "Exit code 1 when the target cannot explain."})
    @VerbatimHelp({
                "",
                RequestOptions.FORMATS,
                RequestOptions.FORMAT_NAMED,
                RequestOptions.FORMAT_SPLIT,
                RequestOptions.FORMAT_RECORDS,
                RequestOptions.FORMAT_TENSORS,
                RequestOptions.FORMAT_PARAMS})
    public static final class Explain extends Ask {
        @Override
        TangoResponse ask(DeploymentClient client, String name, TangoRequest request) {
            return client.explain(name, request);
        }
    }

    /** {@code help}. */
    @Command(name = "help", mixinStandardHelpOptions = true,
            description = {
                "Prints the target's own help (its URI form, settings (-C keys) and what it supports), then the "
                        + "config options its type declares.",
                "",
                "A target type that is not configured is described from its factory, without creating it: its "
                        + "declared options, so they can be configured."})
    public static final class Help extends TangoSubcommand implements Callable<Integer> {
        @Mixin
        TargetOption target;

        @Override
        public Integer call() {
            String name = targetName(target.target);
            try (TangoRuntime runtime = openRuntime()) {
                InstanceConfig configured = runtime.configuredInstances().get(ComponentKind.DEPLOYMENT_TARGET).get(name);
                if (configured != null) {
                    out().println(runtime.deploymentClient(target.target).targetHelp());
                    out().println();
                    out().println("Options of its type, " + configured.type() + " (" + configured.path() + ".config):");
                    FactoryDescription.printOptions(
                            runtime.factories().find(ComponentKind.DEPLOYMENT_TARGET, configured.type()).orElseThrow().factory().options(), out());
                    return 0;
                }
                Optional<DiscoveredFactory> type = runtime.factories().find(ComponentKind.DEPLOYMENT_TARGET, name);
                if (type.isEmpty()) {
                    // Neither configured nor a type: the runtime's not-found error, listing the known targets.
                    runtime.deploymentClient(target.target);
                }
                out().println("Target '" + name + "' is not configured: this is its type. Its own help, with its -C settings, "
                        + "shows once an instance of it is configured in " + ConfigValidator.MODEL_MANAGEMENT + "."
                        + ComponentKind.DEPLOYMENT_TARGET.section() + ".");
                out().println();
                FactoryDescription.print(type.orElseThrow(), out());
                return 0;
            }
        }

        /** @return the target's name: the scheme of a URI such as {@code mlflow:/suffix}, else the whole target */
        private static String targetName(String target) {
            int colon = target.indexOf(':');
            return colon > 0 ? target.substring(0, colon) : target;
        }
    }

    /** {@code run-local}. */
    @Command(name = "run-local", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Serves a model in the foreground until interrupted (Ctrl-C or SIGTERM: tango then exits with 130 or "
                        + "143), without recording a deployment.",
                "",
                "Exit code 1 when the target cannot run models locally."})
    public static final class RunLocal extends Verb {
        @Mixin
        NameOption name;

        @Option(names = {"-m", "--model-uri"}, paramLabel = "URI", required = true, description = "The model to serve.")
        String modelUri;

        @Option(names = {"-f", "--flavor"}, paramLabel = "FLAVOR", description = "The flavor to serve it with.")
        String flavor;

        @Mixin
        ConfigOption config;

        private Map<String, String> settings;

        @Override
        void prepare() {
            settings = config.parse(this::usage);
        }

        @Override
        int run(DeploymentClient client) {
            err().println("Running " + modelUri + " as " + name.name + " on target " + client.target() + " until interrupted (Ctrl-C)");
            err().flush();
            try (UntilStopped ignored = new UntilStopped()) {
                client.runLocal(name.name, modelUri, Optional.ofNullable(flavor), settings);
                UntilStopped.clearStopSignal();
                // Before the shutdown hook is released: once it returns, the JVM may halt mid-sentence.
                err().println("Stopped " + name.name);
                err().flush();
            }
            return 0;
        }
    }
}
