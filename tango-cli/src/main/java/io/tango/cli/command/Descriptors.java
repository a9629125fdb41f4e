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
        new Fields()
                .add("key", descriptor.key().value())
                .add("name", descriptor.name())
                .add("version", descriptor.version().orElse("-"))
                .add("format", descriptor.format())
                .add("artifact", descriptor.artifactPath().map(Object::toString).orElse("-"))
                .add("endpoint", descriptor.endpoint().map(Object::toString).orElse("-"))
                .add("inputs", fields(descriptor.signature().inputs()))
                .add("outputs", fields(descriptor.signature().outputs()))
                .add("origin", descriptor.origin().isEmpty() ? "-" : descriptor.origin())
                .print(out);
        if (!descriptor.metadata().isEmpty()) {
            out.println("metadata:");
            descriptor.metadata().forEach((key, value) -> out.println("  " + key + ": " + value));
        }
    }

    private static String fields(List<FieldSpec> fields) {
        return fields.isEmpty() ? "(not declared)" : fields.stream().map(FieldSpec::toString).collect(Collectors.joining(", "));
    }
}
