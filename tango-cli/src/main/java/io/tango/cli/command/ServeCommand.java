package io.tango.cli.command;

import io.tango.api.NotFoundException;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import io.tango.cli.VerbatimHelp;
import io.tango.runtime.TangoRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tango serve}: serves the target's deployments over HTTP until stopped.
 *
 * <p>Uses only the deployment API and the {@code local} target's documented settings: a deployment not yet served is
 * updated with {@code serve=true} (and {@code port=N} when given), and set back to {@code serve=false} when tango stops,
 * so its record is left as it was found.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Serves local deployments over HTTP with MLflow's scoring protocol (GET /ping, /health, /version; "
                        + "POST /invocations) until stopped with Ctrl-C or SIGTERM.",
                "",
                "Deployments come from 'tango deployments create -t local ...'; each is served on its own port (its "
                        + "configured one, --port, or any free port) and its URL printed. Exit code 3 when there is nothing to "
                        + "serve. Once stopped, the servers are closed and tango exits with the signal's status (130 for "
                        + "Ctrl-C, 143 for SIGTERM)."})
@VerbatimHelp({
                "",
                "Example:",
                "  tango deployments create -t local --name iris -m iris@latest",
                "  tango serve --name iris --port 5001 &",
                "  curl -s -H 'Content-Type: application/json' http://127.0.0.1:5001/invocations -d '{\"dataframe_records\": [{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4, \"petal_width\": 0.2}]}'"})
public final class ServeCommand extends TangoSubcommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = {"-t", "--target"}, paramLabel = "TARGET", defaultValue = "local",
            description = "The deployment target whose deployments to serve (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--name", paramLabel = "NAME", description = "Serve only this deployment; repeatable. Default: every deployment.")
    List<String> names = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", description = "The port to serve on; needs exactly one --name.")
    Integer port;

    @Override
    public Integer call() {
        if (port != null && names.size() != 1) {
            throw usage("--port serves one deployment: give exactly one --name with it");
        }
        List<String> switchedOn = new ArrayList<>();
        try (TangoRuntime runtime = openRuntime(); UntilStopped stop = new UntilStopped()) {
            DeploymentClient client = runtime.deploymentClient(target);
            try {
                List<Deployment> served = serve(client, switchedOn);
                printServing(served);
                stop.await();
                out().println("Stopping...");
                out().flush();
            } finally {
                for (String name : switchedOn) {
                    try {
                        client.updateDeployment(name, Optional.empty(), Optional.empty(), Map.of("serve", "false"));
                    } catch (RuntimeException e) {
                        log.warn("Could not set deployment '{}' back to serve=false: {}", name, e.getMessage());
                    }
                }
                runtime.close();
                out().println("Stopped serving.");
                out().flush();
            }
        }
        return 0;
    }

    private List<Deployment> serve(DeploymentClient client, List<String> switchedOn) {
        List<Deployment> deployments = new ArrayList<>();
        if (names.isEmpty()) {
            deployments.addAll(client.listDeployments());
        } else {
            for (String name : names) {
                deployments.add(client.getDeployment(name));
            }
        }
        if (deployments.isEmpty()) {
            throw new NotFoundException("no deployments on target '" + client.target() + "' to serve; create one with "
                    + "'tango deployments create -t " + target + " --name NAME -m MODEL'");
        }
        List<Deployment> served = new ArrayList<>();
        for (Deployment deployment : deployments) {
            if (deployment.state() == DeploymentState.FAILED) {
                err().println("warning: deployment " + deployment.name() + " is FAILED and not served: "
                        + deployment.details().getOrDefault("error", "no reason given"));
                continue;
            }
            boolean portDiffers = port != null && !deployment.url().map(url -> url.getPort() == port).orElse(false);
            if (deployment.url().isEmpty() || portDiffers) {
                Map<String, String> settings = new LinkedHashMap<>();
                settings.put("serve", "true");
                if (port != null) {
                    settings.put("port", Integer.toString(port));
                }
                if (deployment.url().isEmpty()) {
                    switchedOn.add(deployment.name());
                }
                deployment = client.updateDeployment(deployment.name(), Optional.empty(), Optional.empty(), settings);
            }
            served.add(deployment);
        }
        if (served.isEmpty()) {
            throw new NotFoundException("no deployment on target '" + client.target() + "' can be served: every one is FAILED");
        }
        return served;
    }

    private void printServing(List<Deployment> served) {
        out().println("Serving " + served.size() + (served.size() == 1 ? " deployment" : " deployments")
                + " over HTTP (MLflow scoring protocol: POST <url>/invocations):");
        Table table = new Table("NAME", "URL", "MODEL_URI");
        for (Deployment deployment : served) {
            table.row(deployment.name(), deployment.url().map(Object::toString).orElse("-"), deployment.modelUri());
        }
        table.print(out());
        out().println("Press Ctrl-C to stop.");
        out().flush();
    }
}
