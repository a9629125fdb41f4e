package io.tango.cli.command;

import io.tango.api.deploy.Deployment;

import java.io.PrintWriter;

/** Prints deployments for people. */
final class Deployments {
    private Deployments() {}

    static void print(Deployment deployment, PrintWriter out) {
        line(out, "name", deployment.name());
        line(out, "target", deployment.target());
        line(out, "model_uri", deployment.modelUri());
        line(out, "flavor", deployment.flavor().orElse("-"));
        line(out, "state", deployment.state().name());
        line(out, "url", deployment.url().map(Object::toString).orElse("-"));
        deployment.details().forEach((key, value) -> line(out, key, value));
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%-11s%s%n", label + ":", value);
    }
}
