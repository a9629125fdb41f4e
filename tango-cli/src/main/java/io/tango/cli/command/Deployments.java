package io.tango.cli.command;

import io.tango.api.deploy.Deployment;

import java.io.PrintWriter;

/** Prints deployments for people. */
final class Deployments {
    private Deployments() {}

    static void print(Deployment deployment, PrintWriter out) {
        Fields lines = new Fields()
                .add("name", deployment.name())
                .add("target", deployment.target())
                .add("model_uri", deployment.modelUri())
                .add("flavor", deployment.flavor().orElse("-"))
                .add("state", deployment.state().name())
                .add("url", deployment.url().map(Object::toString).orElse("-"));
        deployment.details().forEach(lines::add);
        lines.print(out);
    }
}
