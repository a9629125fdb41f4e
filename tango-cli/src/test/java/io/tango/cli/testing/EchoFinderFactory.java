package io.tango.cli.testing;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelSignature;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelFinderFactory;

import java.util.List;
import java.util.Optional;

/** Finder type {@code ECHO} for the CLI's unit tests: knows the models {@code echo} and {@code echo/1}, nothing else. */
public final class EchoFinderFactory implements ModelFinderFactory {
    @Override
    public String type() {
        return "ECHO";
    }

    @Override
    public String description() {
        return "Finds the echo model";
    }

    @Override
    public ModelFinder create(TangoConfig config, String instanceName) {
        return key -> key.value().equals("echo") || key.value().equals("echo/1")
                ? Optional.of(ModelDescriptor.builder(key, "echo", EchoModel.FORMAT)
                        .version("1")
                        .signature(new ModelSignature(List.of(FieldSpec.of("x", DataType.FLOAT64, -1)), List.of()))
                        .metadata("kind", "echo")
                        .origin("finder " + instanceName)
                        .build())
                : Optional.empty();
    }
}
