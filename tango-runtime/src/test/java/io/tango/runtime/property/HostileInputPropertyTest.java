package io.tango.runtime.property;

import io.tango.api.InvalidConfigException;
import io.tango.api.NotFoundException;
import io.tango.api.TangoException;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.config.ConfigDocument;
import io.tango.runtime.config.ConfigValidator;
import io.tango.runtime.plugin.FactoryRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed input never escapes as anything but a typed TANGO error: generated config documents (as maps
 * and as YAML text), environment overrides, model keys and deployment target URIs. Together 77,000 cases.
 */
class HostileInputPropertyTest {
    private static TangoRuntime runtime;
    private static FactoryRegistry registry;

    @BeforeContainer
    static void start() {
        runtime = TangoRuntime.builder().environment(Map.of()).configYaml("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, models: [iris]}}
                  initializers:
                    default: {type: TEST}
                """).build();
        registry = runtime.factories();
    }

    @AfterContainer
    static void stop() {
        runtime.close();
    }

    private static Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of("TEST", "MULTI", "test", "LOCAL", "30s", "64MiB", "fast", "default", "iris").map(s -> (Object) s));
    }

    /** Values nested at most {@code depth} levels: scalars, then lists and maps of shallower values. */
    private static Arbitrary<Object> configValues(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<Object> inner = configValues(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalars()),
                net.jqwik.api.Tuple.of(1, Arbitraries.maps(keys(), inner).ofMaxSize(3).map(m -> (Object) m)),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(3).map(l -> (Object) l)));
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.of("model_management", "plugins", "finders", "initializers", "trainers", "deployment_targets",
                        "default", "type", "config", "root", "threads", "timeout", "mode", "token", "finder_priority",
                        "models", "directories", "strict", "cache_size", "headers"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(10));
    }

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        Arbitrary<Map<String, Object>> instance = Arbitraries.maps(keys(), configValues(2)).ofMaxSize(3);
        Arbitrary<Map<String, Object>> section = Arbitraries.maps(keys(), Arbitraries.oneOf(instance.map(m -> (Object) m), scalars())).ofMaxSize(3);
        Arbitrary<Map<String, Object>> management = Arbitraries.maps(keys(), Arbitraries.oneOf(section.map(m -> (Object) m), scalars())).ofMaxSize(4);
        return Arbitraries.maps(keys(), Arbitraries.oneOf(management.map(m -> (Object) m), scalars())).ofMaxSize(3);
    }

    @Property(tries = 25_000, edgeCases = EdgeCasesMode.NONE)
    void aConfigDocumentIsAcceptedOrRejectedWithItsProblems(@ForAll("documents") Map<String, Object> document) {
        try {
            ConfigValidator.pluginSettings(ConfigDocument.of(document));
            ConfigValidator.validate(ConfigDocument.of(document), registry);
        } catch (InvalidConfigException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }

    @Property(tries = 15_000)
    void yamlTextIsParsedOrRejectedSayingWhere(@ForAll("yaml") String text) {
        try {
            ConfigDocument.parseYaml(text);
        } catch (InvalidConfigException e) {
            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem.message()).startsWith("cannot parse"));
        }
    }

    @Provide
    Arbitrary<String> yaml() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("{}[]:,-'\"\n #&*!|>%@`\t").ofMaxLength(30),
                Arbitraries.of("model_management:\n  finders: [", "a: b: c", "- 1\n- 2", "{a: 1, a: 2}", "!!java.lang.Object {}",
                        "&a [*a]", "x: \"\\u00\""));
    }

    @Property(tries = 2_000)
    void environmentOverridesNeverBreakTheRuntimeUntyped(@ForAll("environments") Map<String, String> environment) {
        try (TangoRuntime built = TangoRuntime.builder().environment(environment).build()) {
            assertThat(built.instanceNames(ComponentKind.FINDER)).isNotNull();
        } catch (InvalidConfigException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<Map<String, String>> environments() {
        Arbitrary<String> segment = Arbitraries.of("MODEL_MANAGEMENT", "FINDERS", "DEFAULT", "TYPE", "CONFIG", "ROOT", "PLUGINS",
                "STRICT", "THREADS", "X", "", "TEST", "MULTI");
        Arbitrary<String> name = segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> "TANGO__" + String.join("__", parts));
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("TEST", "MULTI", "true", "8", "/m", "default", ""),
                Arbitraries.strings().ofMaxLength(8));
        return Arbitraries.maps(name, value).ofMaxSize(4);
    }

    @Property(tries = 20_000)
    void aModelKeyIsFoundOrReportedNotFound(@ForAll("modelKeys") String key) {
        try {
            assertThat(runtime.modelManager().load(key).descriptor().key().value()).isEqualTo(key);
        } catch (TangoException e) {
            assertThat(e).isInstanceOfAny(io.tango.api.ModelNotFoundException.class, io.tango.api.InvalidRequestException.class);
        }
    }

    @Provide
    Arbitrary<String> modelKeys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars(":/@.\\ %?#~").ofMaxLength(12),
                Arbitraries.of("iris", "models:/iris/1", "models:/iris@champion", "runs:/abc/model", "deepaas://127.0.0.1:5000/x",
                        "C:\\models\\iris", "../../etc/passwd", "iris@latest", " ", ""));
    }

    @Property(tries = 15_000)
    void aTargetUriResolvesOrListsTheKnownTargets(@ForAll("targets") String target) {
        try {
            assertThat(runtime.deploymentClient(target).target()).isNotBlank();
        } catch (NotFoundException e) {
            assertThat(e.getMessage()).satisfiesAnyOf(
                    message -> assertThat(message).contains("Known targets: test"),
                    message -> assertThat(message).startsWith("not a deployment target"));
        }
    }

    @Provide
    Arbitrary<String> targets() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withChars("test:/.+-").ofMaxLength(10),
                Arbitraries.of("test", "test:/", "test:/a/b", "http://127.0.0.1:5000", "mlflow", ":", "", " "));
    }

}
