package io.tango.cli.command;

import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Prints a model descriptor for people. */
final class Descriptors {
    private Descriptors() {}

    static void print(ModelDescriptor descriptor, PrintWriter out) {
        line(out, "key", descriptor.key().value());
        line(out, "name", descriptor.name());
        line(out, "version", descriptor.version().orElse("-"));
        line(out, "format", descriptor.format());
        line(out, "artifact", descriptor.artifactPath().map(Object::toString).orElse("-"));
        line(out, "endpoint", descriptor.endpoint().map(Object::toString).orElse("-"));
        line(out, "inputs", fields(descriptor.signature().inputs()));
        line(out, "outputs", fields(descriptor.signature().outputs()));
        line(out, "origin", descriptor.origin().isEmpty() ? "-" : descriptor.origin());
        if (!descriptor.metadata().isEmpty()) {
            out.println("metadata:");
            descriptor.metadata().forEach((key, value) -> out.println("  " + key + ": " + value));
        }
    }

    private static String fields(List<FieldSpec> fields) {
        return fields.isEmpty() ? "(not declared)" : fields.stream().map(FieldSpec::toString).collect(Collectors.joining(", "));
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%-10s%s%n", label + ":", value);
    }
}
