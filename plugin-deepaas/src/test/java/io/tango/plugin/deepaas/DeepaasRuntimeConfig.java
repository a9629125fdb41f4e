package io.tango.plugin.deepaas;

import java.net.URI;

/** The runtime configuration the runtime tests use: every DEEPAAS component, against one server. */
final class DeepaasRuntimeConfig {
    private DeepaasRuntimeConfig() {}

    /**
     * @param baseUrl the server
     * @return the YAML document
     */
    static String yaml(URI baseUrl) {
        return """
                model_management:
                  finders:
                    default:
                      type: DEEPAAS
                      config:
                        base_url: %1$s
                  initializers:
                    default:
                      type: DEEPAAS
                  trainers:
                    deepaas:
                      type: DEEPAAS
                      config:
                        base_url: %1$s
                        poll_interval: 100ms
                  job_predictors:
                    deepaas:
                      type: DEEPAAS
                      config:
                        max_concurrency_per_server: 2
                  registries:
                    deepaas:
                      type: DEEPAAS
                      config:
                        base_url: %1$s
                  model_servers:
                    deepaas:
                      type: DEEPAAS
                      config:
                        base_url: %1$s
                        model: demo-classifier
                """.formatted(baseUrl);
    }
}
