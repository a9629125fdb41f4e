package io.tango.plugin.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tango.plugin.local.store.Json;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What is kept on disk about a local deployment, {@code <root>/deployments/<name>.json}: enough to bring it back after
 * a restart.
 *
 * @param name the deployment's name
 * @param modelUri the model key it was given
 * @param flavor the flavor it was given, if any
 * @param config its settings ({@code serve}, {@code port})
 * @param created when it was created
 * @param updated when it was last updated
 */
record DeploymentRecord(
        String name,
        String modelUri,
        Optional<String> flavor,
        Map<String, String> config,
        Instant created,
        Instant updated) {

    DeploymentRecord {
        requireNonNull(name, "name is null");
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(flavor, "flavor is null");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(config, "config is null")));
        requireNonNull(created, "created is null");
        requireNonNull(updated, "updated is null");
    }

    byte[] toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", name);
        node.put("model_uri", modelUri);
        flavor.ifPresent(value -> node.put("flavor", value));
        ObjectNode settings = node.putObject("config");
        config.forEach(settings::put);
        node.put("created", created.toString());
        node.put("updated", updated.toString());
        return Json.bytes(node);
    }

    static DeploymentRecord fromJson(JsonNode node) {
        Map<String, String> config = new LinkedHashMap<>();
        node.path("config").properties().forEach(entry -> config.put(entry.getKey(), entry.getValue().asText()));
        return new DeploymentRecord(
                node.path("name").asText(),
                node.path("model_uri").asText(),
                node.hasNonNull("flavor") ? Optional.of(node.get("flavor").asText()) : Optional.empty(),
                config,
                Instant.parse(node.path("created").asText()),
                Instant.parse(node.path("updated").asText()));
    }
}
