package io.tango.runtime.config;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigProblem;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.testing.TestFinder;
import io.tango.runtime.testing.TestFinderFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidationTest {

    private static TangoRuntime runtime(String yaml, Map<String, String> environment) {
        return TangoRuntime.builder().configYaml(yaml).environment(environment).build();
    }

    private static List<ConfigProblem> problems(String yaml) {
        try {
            runtime(yaml, Map.of()).close();
        } catch (InvalidConfigException e) {
            return e.problems();
        }
        throw new AssertionError("the configuration was accepted");
    }

    @Test
    void reportsAnUnknownTypeWithTheNearestOneAndTheAvailableOnes() {
        assertThat(problems("""
                model_management:
                  finders:
                    default: {type: TSET, config: {root: /m}}
                """)).containsExactly(new ConfigProblem("model_management.finders.default.type",
                "unknown finder type 'TSET'. Did you mean 'TEST'? Available finder types: FIRST_OF, MULTI, TEST"));
    }

    @Test
    void reportsAnUnknownOptionWithTheNearestOne() {
        assertThat(problems("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, tiemout: 5s}}
                """)).containsExactly(new ConfigProblem("model_management.finders.default.config.tiemout",
                "unknown key. Did you mean 'timeout'? Valid keys: cache_size, fail_on, headers, max_rows, mode, models, ratio, root, threads, timeout, token, verbose"));
    }

    @Test
    void reportsAnUnknownOptionWithTheOneKeyThatEndsWithIt() {
        assertThat(problems("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, size: 64MiB}}
                """)).containsExactly(new ConfigProblem("model_management.finders.default.config.size",
                "unknown key. Did you mean 'cache_size'? Valid keys: cache_size, fail_on, headers, max_rows, mode, models, ratio, root, threads, timeout, token, verbose"));
    }

    @Test
    void reportsAMissingRequiredOption() {
        assertThat(problems("""
                model_management:
                  finders:
                    default: {type: TEST}
                """)).containsExactly(new ConfigProblem("model_management.finders.default.config.root",
                "is required: Where models live"));
    }

    @Test
    void reportsValuesOfTheWrongType() {
        assertThat(problems("""
                model_management:
                  finders:
                    default:
                      type: TEST
                      config: {root: /m, threads: four, verbose: maybe, timeout: soon, mode: quick}
                """)).containsExactly(
                new ConfigProblem("model_management.finders.default.config.threads", "expected an integer, got 'four'"),
                new ConfigProblem("model_management.finders.default.config.verbose", "expected true or false, got 'maybe'"),
                new ConfigProblem("model_management.finders.default.config.timeout",
                        "expected a duration such as 30s, 500ms, 5m, 1h, 1d10s or PT30S, got 'soon'"),
                new ConfigProblem("model_management.finders.default.config.mode", "expected one of fast, safe, got 'quick'."));
    }

    @Test
    void reportsValuesOutsideTheirRangeWithTheOtherProblems() {
        assertThat(problems("""
                model_management:
                  finders:
                    default:
                      type: TEST
                      config: {root: /m, threads: 0, timeout: 0s, cache_size: 2GiB, ratio: 1.5, verbose: maybe}
                """)).containsExactly(
                new ConfigProblem("model_management.finders.default.config.threads", "0 is below the minimum 1"),
                new ConfigProblem("model_management.finders.default.config.timeout", "0s is below the minimum 1ms"),
                new ConfigProblem("model_management.finders.default.config.cache_size", "2GiB is above the maximum 1GiB"),
                new ConfigProblem("model_management.finders.default.config.ratio", "1.5 is above the maximum 1.0"),
                new ConfigProblem("model_management.finders.default.config.verbose", "expected true or false, got 'maybe'"));
    }

    @Test
    void acceptsValuesAtTheBoundsOfTheirRange() {
        try (TangoRuntime runtime = runtime("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, threads: 1, timeout: 1ms, cache_size: 1GiB, ratio: 0}}
                """, Map.of())) {
            TestFinder finder = (TestFinder) runtime.finder("default");
            assertThat(finder.config().get(TestFinderFactory.TIMEOUT)).isEqualTo(Duration.ofMillis(1));
            assertThat(finder.config().get(TestFinderFactory.CACHE_SIZE)).isEqualTo(1L << 30);
            assertThat(finder.config().get(TestFinderFactory.RATIO)).isEqualTo(0.0);
        }
    }

    @Test
    void reportsEveryProblemOfTheDocumentAtOnce() {
        InvalidConfigException error = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class, () -> runtime("""
                model_management:
                  finder: {}
                  finders:
                    one: {type: TEST, config: {root: /m, threads: x}}
                    two: {type: NOPE}
                """, Map.of()));
        assertThat(error.problems()).extracting(ConfigProblem::path).containsExactly(
                "model_management.finder",
                "model_management.finders.one.config.threads",
                "model_management.finders.two.type");
        assertThat(error.getMessage()).startsWith("Invalid configuration (3 problems):\n  - model_management.finder: unknown section. Did you mean 'finders'?");
    }

    @Test
    void reportsUnknownTopLevelKeys() {
        assertThat(problems("plugin: {strict: true}\n")).containsExactly(new ConfigProblem("plugin",
                "unknown key. Did you mean 'plugins'? Valid top-level keys: model_management, plugins"));
    }

    @Test
    void reportsAMultiFinderNamingAFinderThatIsNotConfigured() {
        assertThat(problems("""
                model_management:
                  finders:
                    default: {type: MULTI, config: {finder_priority: [remote, lokal]}}
                    local: {type: TEST, config: {root: /m}}
                """)).containsExactly(
                new ConfigProblem("model_management.finders.default.config.finder_priority",
                        "names finder 'remote', which is not configured. Configured finders: default, local"),
                new ConfigProblem("model_management.finders.default.config.finder_priority",
                        "names finder 'lokal', which is not configured. Did you mean 'local'? Configured finders: default, local"));
    }

    @Test
    void reportsMultiFindersThatFormACycle() {
        assertThat(problems("""
                model_management:
                  finders:
                    a: {type: MULTI, config: {finder_priority: [b]}}
                    b: {type: MULTI, config: {finder_priority: [a]}}
                """)).containsExactly(
                new ConfigProblem("model_management.finders.a.config.finder_priority", "forms a cycle: a -> b -> a"),
                new ConfigProblem("model_management.finders.b.config.finder_priority", "forms a cycle: b -> a -> b"));
    }

    @Test
    void reportsWhereADocumentDoesNotParse() {
        assertThat(problems("model_management:\n  finders: [unclosed\n")).containsExactly(new ConfigProblem("",
                "cannot parse the configuration at line 3, column 1: expected ',' or ']', but got <stream end>"));
    }

    @Test
    void fillsInDeclaredDefaults() {
        try (TangoRuntime runtime = runtime("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m}}
                """, Map.of())) {
            TestFinder finder = (TestFinder) runtime.finder("default");
            assertThat(finder.config().get(TestFinderFactory.THREADS)).isEqualTo(2);
            assertThat(finder.config().get(TestFinderFactory.TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
            assertThat(finder.config().get(TestFinderFactory.CACHE_SIZE)).isEqualTo(64L << 20);
        }
    }

    @Test
    void letsEnvironmentVariablesOverrideAnyKey() {
        try (TangoRuntime runtime = runtime("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, threads: x}}
                """, Map.of(
                "TANGO__MODEL_MANAGEMENT__FINDERS__DEFAULT__CONFIG__THREADS", "8",
                "TANGO__MODEL_MANAGEMENT__FINDERS__DEFAULT__CONFIG__MODELS", "iris,wine"))) {
            TestFinder finder = (TestFinder) runtime.finder("default");
            assertThat(finder.config().get(TestFinderFactory.THREADS)).isEqualTo(8);
            assertThat(finder.config().get(TestFinderFactory.MODELS)).containsExactly("iris", "wine");
        }
    }

    @Test
    void letsAnEnvironmentVariableAddAWholeInstance() {
        try (TangoRuntime runtime = runtime("{}", Map.of(
                "TANGO__MODEL_MANAGEMENT__FINDERS__EXTRA__TYPE", "TEST",
                "TANGO__MODEL_MANAGEMENT__FINDERS__EXTRA__CONFIG__ROOT", "/data"))) {
            assertThat(((TestFinder) runtime.finder("extra")).config().getOptional(TestFinderFactory.ROOT)).contains("/data");
        }
    }

    @Test
    void masksSecretsInToString() {
        try (TangoRuntime runtime = runtime("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, token: hunter2}}
                """, Map.of())) {
            TestFinder finder = (TestFinder) runtime.finder("default");
            assertThat(finder.config().getOptional(TestFinderFactory.TOKEN)).contains("hunter2");
            assertThat(finder.config().toString()).contains("token=****").doesNotContain("hunter2");
        }
    }

    @Test
    void neverShowsASecretOfTheWrongType() {
        List<ConfigProblem> problems = problems("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, token: [hunter2]}}
                """);
        assertThat(problems).containsExactly(new ConfigProblem("model_management.finders.default.config.token",
                "has a value of the wrong type for a string (secret value not shown)"));
        assertThat(problems.toString()).doesNotContain("hunter2");
    }

    @Test
    void reportsAnInvalidInstanceOnceEvenWhenAMultiFinderNamesIt() {
        assertThat(problems("""
                model_management:
                  finders:
                    default: {type: MULTI, config: {finder_priority: [local]}}
                    local: {type: TEST, config: {rooot: /m}}
                """)).extracting(ConfigProblem::path).containsExactly(
                "model_management.finders.local.config.rooot",
                "model_management.finders.local.config.root");
    }
}
