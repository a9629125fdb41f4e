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
 * {@code tango serve}: serves the target's deployments over HTTP until stopped, every one on the same port.
 *
 * <p>Uses only the deployment API and the {@code local} target's documented settings: the first deployment is updated
 * with {@code serve=true} (and {@code port}, {@code grpc_port}, {@code host} when given), every other one with the
 * port (and gRPC port) the first got, so one server answers for all of them by name. A deployment not served before
 * is set back to {@code serve=false} when tango stops.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Serves local deployments on one HTTP port, with MLflow's scoring protocol (GET /ping, /health, /version; "
                        + "POST /invocations for the first deployment, POST /invocations/NAME for each) and the Open Inference "
                        + "Protocol (/v2/..., each deployment a model by its name; with --grpc-port also over gRPC), until "
                        + "stopped with Ctrl-C or SIGTERM.",
                "",
                "Deployments come from 'tango deployments create -t local ...'; they are served on --port (default: the port "
                        + "the first one is configured with, any free port for 0), bound to 127.0.0.1 unless --host or the "
                        + "target's host option says otherwise, and the URL is printed. Exit code 3 when there is nothing to "
                        + "serve. Once stopped, the servers are closed and tango exits with the signal's status (130 for "
                        + "Ctrl-C, 143 for SIGTERM)."})
@VerbatimHelp({
                "",
                "Example:",
                "  tango deployments create -t local --name iris -m iris@latest",
                "  tango serve --port 5001 --grpc-port 5002 &",
                "  curl -s -H 'Content-Type: application/json' http://127.0.0.1:5001/invocations/iris -d '{\"dataframe_records\": [{\"sepal_length\": 5.1, \"sepal_width\": 3.5, \"petal_length\": 1.4, \"petal_width\": 0.2}]}'",
                "  curl -s http://127.0.0.1:5001/v2/models/iris"})
public final class ServeCommand extends TangoSubcommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = {"-t", "--target"}, paramLabel = "TARGET", defaultValue = "local",
            description = "The deployment target whose deployments to serve (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--name", paramLabel = "NAME", description = "Serve only this deployment; repeatable. Default: every deployment.")
    List<String> names = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", description = "The HTTP port every deployment is served on (0: any free port).")
    Integer port;

    @Option(names = "--grpc-port", paramLabel = "PORT",
            description = "Also serve the Open Inference Protocol over gRPC on this port (0: any free port).")
    Integer grpcPort;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "The address to listen on (default: the target's host option, 127.0.0.1 unless configured otherwise).")
    String host;

    @Override
    public Integer call() {
        checkPort("--port", port);
        checkPort("--grpc-port", grpcPort);
        if (host != null && host.isBlank()) {
            throw usage("--host is empty; give an address such as 127.0.0.1 (loopback) or 0.0.0.0 (every interface)");
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

    private void checkPort(String option, Integer value) {
        if (value != null && (value < 0 || value > 65535)) {
            throw usage(option + " is " + value + "; give 0 (any free port) to 65535");
        }
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
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("serve", "true");
            if (served.isEmpty()) {
                // The first one decides the port (and gRPC port) every other one joins.
                if (port != null) {
                    settings.put("port", Integer.toString(port));
                }
                if (grpcPort != null) {
                    settings.put("grpc_port", Integer.toString(grpcPort));
                }
            } else {
                Deployment first = served.get(0);
                settings.put("port", Integer.toString(first.url().orElseThrow().getPort()));
                settings.put("grpc_port", first.details().getOrDefault("grpc_port", "none"));
            }
            if (host != null) {
                settings.put("host", host);
            }
            if (deployment.url().isEmpty()) {
                switchedOn.add(deployment.name());
            }
            served.add(client.updateDeployment(deployment.name(), Optional.empty(), Optional.empty(), settings));
        }
        if (served.isEmpty()) {
            throw new NotFoundException("no deployment on target '" + client.target() + "' can be served: every one is FAILED");
        }
        return served;
    }

    private void printServing(List<Deployment> served) {
        Deployment first = served.get(0);
        String url = first.url().map(Object::toString).orElse("-");
        String grpc = first.details().get("grpc_port");
        out().println("Serving " + served.size() + (served.size() == 1 ? " deployment" : " deployments") + " at " + url + ":");
        out().println("  MLflow scoring protocol: POST " + url + "/invocations/NAME (POST " + url + "/invocations: "
                + first.name() + ")");
        out().println("  Open Inference Protocol: " + url + "/v2/models/NAME"
                + (grpc == null ? "" : ", and over gRPC at " + first.url().orElseThrow().getHost() + ":" + grpc));
        Table table = new Table("NAME", "URL", "MODEL_URI");
        for (Deployment deployment : served) {
            table.row(deployment.name(), deployment.url().map(Object::toString).orElse("-"), deployment.modelUri());
        }
        table.print(out());
        out().println("Press Ctrl-C to stop.");
        out().flush();
    }
}
