package io.tango.testkit.example;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.TangoException;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.ModelRegistryConnectorFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A registry of the example scale models; a download writes the model's {@code factor.txt}. */
public final class ExampleRegistryFactory implements ModelRegistryConnectorFactory {
    @Override
    public String type() {
        return "EXAMPLE";
    }

    @Override
    public String description() {
        return "A registry of the example plugin's scale models";
    }

    @Override
    public ModelRegistryConnector create(TangoConfig config, String instanceName) {
        return new ModelRegistryConnector() {
            @Override
            public URI registryUrl() {
                return URI.create("memory://example");
            }

            private String factor(ModelKey key) {
                String factor = ExampleFinderFactory.FACTORS.get(key.value());
                if (factor == null) {
                    throw new ModelNotFoundException("no example model '" + key + "'");
                }
                return factor;
            }

            @Override
            public Map<String, Object> nativeMetadata(ModelKey key) {
                return Map.of("name", key.value(), "factor", factor(key));
            }

            @Override
            public ModelDescriptor downloadModel(ModelKey key, Path downloadFolder) {
                String factor = factor(key);
                try {
                    Path folder = Files.createDirectories(downloadFolder.resolve(key.value()));
                    Files.writeString(folder.resolve("factor.txt"), factor);
                    return ModelDescriptor.builder(key, key.value(), ScaleModel.FORMAT)
                            .artifactPath(folder).metadata("factor", factor).build();
                } catch (IOException e) {
                    throw new TangoException("cannot write model '" + key + "' into " + downloadFolder + ": " + e.getMessage(), e);
                }
            }

            @Override
            public String getResource(ModelKey key, Path downloadFolder, String resourcePath) {
                String factor = factor(key);
                if (!resourcePath.equals("factor.txt")) {
                    throw new ModelNotFoundException("model '" + key + "' has no resource '" + resourcePath + "'");
                }
                return factor;
            }
        };
    }
}
