package io.tango.runtime.config;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigProblem;
import io.tango.runtime.TangoRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A key written twice anywhere in a document, or set twice by the environment, is a config problem like any other. */
class DuplicateKeysTest {
    @TempDir
    Path folder;

    private static List<ConfigProblem> problems(TangoRuntime.Builder builder) {
        try {
            builder.build().close();
        } catch (InvalidConfigException e) {
            return e.problems();
        }
        throw new AssertionError("the configuration was accepted");
    }

    private static List<ConfigProblem> problems(String yaml) {
        return problems(TangoRuntime.builder().environment(Map.of()).configYaml(yaml));
    }

    @Test
    void anInstanceWrittenTwiceIsReportedWithBothLinesBesideTheOtherProblems() {
        assertThat(problems("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m}}
                    other: {type: NOPE}
                    default: {type: TEST, config: {rooot: /m}}
                """)).containsExactly(
                new ConfigProblem("model_management.finders.default", "written twice, at lines 3 and 5. Keep only one."),
                new ConfigProblem("model_management.finders.default.config.rooot",
                        "unknown key. Did you mean 'root'? Valid keys: cache_size, fail_on, headers, max_rows, mode, models, ratio, root, threads, timeout, token, verbose"),
                new ConfigProblem("model_management.finders.default.config.root", "is required: Where models live"),
                new ConfigProblem("model_management.finders.other.type",
                        "unknown finder type 'NOPE'. Available finder types: FIRST_OF, MULTI, TEST"));
    }

    @Test
    void everyDuplicateOfEveryLevelIsReported() {
        assertThat(problems("""
                model_management:
                  finders:
                    default:
                      type: TEST
                      config:
                        root: /m
                        root: /n
                  finders:
                    default: {type: TEST, config: {root: /m}}
                """)).containsExactly(
                new ConfigProblem("model_management.finders", "written twice, at lines 2 and 8. Keep only one."),
                new ConfigProblem("model_management.finders.default.config.root", "written twice, at lines 6 and 7. Keep only one."));
    }

    @Test
    void aKeyWrittenThreeTimesIsOneProblemWithTheThreeLines() {
        assertThat(problems("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m}}
                    default: {type: TEST, config: {root: /m}}
                    default: {type: TEST, config: {root: /m}}
                """)).containsExactly(
                new ConfigProblem("model_management.finders.default", "written 3 times, at lines 3, 4 and 5. Keep only one."));
    }

    @Test
    void keysWrittenTwiceOnOneLineAreLocatedByColumn() {
        assertThat(problems("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, root: /n}}
                """)).containsExactly(new ConfigProblem("model_management.finders.default.config.root",
                "written twice, at line 3, column 36 and line 3, column 46. Keep only one."));
    }

    @Test
    void aDuplicateInsideAListIsReportedWithTheElementsIndex() {
        assertThat(problems("""
                plugins:
                  directories:
                    - plugins
                    - {a: 1, b: 2, a: 3}
                """)).containsExactly(
                new ConfigProblem("plugins.directories[1].a", "written twice, at line 4, column 8 and line 4, column 20. Keep only one."),
                new ConfigProblem("plugins.directories", "expected a list of text values, got a list"));
    }

    @Test
    void aTopLevelKeyWrittenTwiceIsReportedWithTheTopLevelProblems() {
        assertThat(problems("""
                plugins: {strict: true}
                modle_management: {}
                plugins: {strict: false}
                """)).containsExactly(
                new ConfigProblem("plugins", "written twice, at lines 1 and 3. Keep only one."),
                new ConfigProblem("modle_management",
                        "unknown key. Did you mean 'model_management'? Valid top-level keys: model_management, plugins"));
    }

    @Test
    void aJsonFileWithAKeyWrittenTwiceIsReportedLikeYaml() throws IOException {
        Path file = Files.writeString(folder.resolve("tango.json"), """
                {
                  "model_management": {
                    "finders": {
                      "default": {"type": "TEST", "config": {"root": "/m"}},
                      "default": {"type": "TEST", "config": {"root": "/n", "threads": "x"}}
                    }
                  }
                }
                """);

        assertThat(problems(TangoRuntime.builder().environment(Map.of()).configFile(file))).containsExactly(
                new ConfigProblem("model_management.finders.default", "written twice, at lines 4 and 5. Keep only one."),
                new ConfigProblem("model_management.finders.default.config.threads", "expected an integer, got 'x'"));
    }

    @Test
    void aKeySetByTwoEnvironmentVariablesInDifferentCaseNamesBothButNeverTheValue() {
        List<ConfigProblem> problems = problems(TangoRuntime.builder()
                .configYaml("""
                        model_management:
                          finders:
                            default: {type: TEST, config: {root: /m}}
                        """)
                .environment(Map.of(
                        "TANGO__MODEL_MANAGEMENT__FINDERS__DEFAULT__CONFIG__TOKEN", "hunter2",
                        "tango__model_management__finders__default__config__token", "hunter3")));

        assertThat(problems).containsExactly(new ConfigProblem("model_management.finders.default.config.token",
                "is set by 2 environment variables: TANGO__MODEL_MANAGEMENT__FINDERS__DEFAULT__CONFIG__TOKEN, "
                        + "tango__model_management__finders__default__config__token. Keep only one."));
        assertThat(problems.toString()).doesNotContain("hunter");
    }

    @Test
    void aDocumentWithAKeyWrittenTwiceStillParses() {
        ConfigDocument document = ConfigDocument.parseYaml("a: 1\na: 2\n");

        assertThat(document.root()).isEqualTo(Map.of("a", 2));
        assertThat(document.duplicateKeys()).containsExactly(new ConfigProblem("a", "written twice, at lines 1 and 2. Keep only one."));
    }
}
