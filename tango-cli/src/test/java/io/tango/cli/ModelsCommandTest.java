package io.tango.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.cli.Cli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tango models find|load|predict} over the echo plugin of the test class path. */
class ModelsCommandTest {
    @TempDir
    Path folder;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(folder);
    }

    @Test
    void findShowsTheDescriptor() {
        Result result = cli.run("models", "find", "echo");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                key:      echo
                name:     echo
                version:  1
                format:   echo
                artifact: -
                endpoint: -
                inputs:   x: FLOAT64[-1]
                outputs:  (not declared)
                origin:   finder default
                metadata:
                  kind: echo
                """);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void findAsJsonParses() throws Exception {
        Result result = cli.run("models", "find", "echo/1", "--format", "json");

        JsonNode json = Json.mapper().readTree(result.out());
        assertThat(json.get("key").asText()).isEqualTo("echo/1");
        assertThat(json.get("version").asText()).isEqualTo("1");
        assertThat(json.at("/signature/inputs/0/name").asText()).isEqualTo("x");
        assertThat(json.at("/metadata/kind").asText()).isEqualTo("echo");
    }

    @Test
    void findOfAnUnknownKeyExitsWithNotFound() {
        Result result = cli.run("models", "find", "nowhere");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).isEqualTo("error: model 'nowhere' was not found by finder 'default'\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void findThroughAnUnconfiguredFinderIsAnInvalidConfiguration() {
        Result result = cli.run("models", "find", "echo", "--finder", "defualt");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).isEqualTo("error: Invalid configuration: model_management.finders.defualt: no finder named "
                + "'defualt' is configured. Did you mean 'default'? Configured finders: default\n");
    }

    @Test
    void loadReportsWhatWasLoaded() {
        Result result = cli.run("models", "load", "echo");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Loaded echo version 1 (echo) in ").contains("\nkey:      echo\n");
    }

    @Test
    void predictReadsInlineJson() throws Exception {
        Result result = cli.run("models", "predict", "echo", "--input", "{\"x\": [1.5, 2.5]}");

        assertThat(result.exitCode()).isZero();
        assertThat(Json.mapper().readTree(result.out())).isEqualTo(Json.mapper().readTree("{\"echo_x\": [1.5, 2.5]}"));
    }

    @Test
    void predictReadsAFile() throws Exception {
        Path request = Cli.write(folder.resolve("request.json"), "{\"dataframe_split\": {\"columns\": [\"x\", \"y\"], \"data\": [[1, 2], [3, 4]]}}");

        Result result = cli.run("models", "predict", "echo", "-I", request.toString());

        assertThat(Json.mapper().readTree(result.out())).isEqualTo(Json.mapper().readTree("{\"echo_x\": [1, 3], \"echo_y\": [2, 4]}"));
    }

    @Test
    void predictReadsStandardInputByDefault() throws Exception {
        Result result = cli.runWithInput("[{\"x\": 7}, {\"x\": 8}]", "models", "predict", "echo");

        assertThat(Json.mapper().readTree(result.out())).isEqualTo(Json.mapper().readTree("{\"echo_x\": [7, 8]}"));
    }

    @Test
    void predictWritesTheOutputPath() throws Exception {
        Path output = folder.resolve("out/predictions.json");

        Result result = cli.run("models", "predict", "echo", "--input", "{\"x\": [1]}", "-O", output.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("Wrote the predictions to " + output + "\n");
        assertThat(Json.mapper().readTree(Files.readString(output))).isEqualTo(Json.mapper().readTree("{\"echo_x\": [1]}"));
    }

    @Test
    void predictOfARequestTheModelRejectsExitsWithInvalid() {
        Result result = cli.run("models", "predict", "echo", "--input", "{\"bad\": [1]}");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).isEqualTo("error: input 'bad' is not accepted; expected x\n");
    }

    @Test
    void predictOfMalformedJsonExitsWithInvalid() {
        Result result = cli.run("models", "predict", "echo", "--input", "{\"x\": [1,");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).startsWith("error: the request from --input is not valid JSON (line 1, column 10): ");
    }

    @Test
    void predictWithTwoInputsIsAUsageError() {
        Result result = cli.run("models", "predict", "echo", "--input", "{}", "-I", "request.json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("""
                error: give the request either with --input or with --input-path, not both
                Try 'tango models predict --help' for more information.
                """);
    }

    @Test
    void predictOfAMissingFileExitsWithInvalid() {
        Result result = cli.run("models", "predict", "echo", "-I", folder.resolve("missing.json").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).isEqualTo("error: input file " + folder.resolve("missing.json") + " does not exist\n");
    }
}
