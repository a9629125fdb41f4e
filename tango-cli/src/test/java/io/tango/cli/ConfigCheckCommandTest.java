package io.tango.cli;

import io.tango.cli.Cli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tango config check FILE}. */
class ConfigCheckCommandTest {
    @TempDir
    Path folder;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(folder.resolve("setup"));
    }

    @Test
    void aValidConfigurationPasses() {
        Result result = cli.run("config", "check", cli.config().toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(cli.config() + ": valid (4 instances configured)\n");
    }

    @Test
    void withoutAFileItChecksTheConfigurationInEffect() {
        Result result = cli.run("config", "check", "--create");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(cli.config() + ": valid (4 instances configured, all created)\n");
    }

    @Test
    void printsEveryProblemWithItsPathAndExitsWithInvalid() {
        Path file = Cli.write(folder.resolve("bad.yaml"), """
                model_management:
                  finders:
                    default: {type: ECOH}
                  trainers:
                    default: {type: ECHO, config: {directry: /tmp}}
                """);

        Result result = cli.run("config", "check", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.out()).isEqualTo(file + ": 3 problems\n"
                + "  - model_management.finders.default.type: unknown finder type 'ECOH'. Did you mean 'ECHO'? Available finder types: ECHO, MULTI\n"
                + "  - model_management.trainers.default.config.directry: unknown key. Did you mean 'directory'? Valid keys: directory\n"
                + "  - model_management.trainers.default.config.directory: is required: Where finished jobs are recorded\n");
    }

    @Test
    void aKeyWrittenTwiceIsAProblemWithBothLines() {
        Path file = Cli.write(folder.resolve("twice.yaml"), """
                model_management:
                  finders:
                    default: {type: ECHO}
                    default: {type: ECOH}
                """);

        Result result = cli.run("config", "check", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.out()).isEqualTo(file + ": 2 problems\n"
                + "  - model_management.finders.default: written twice, at lines 3 and 4. Keep only one.\n"
                + "  - model_management.finders.default.type: unknown finder type 'ECOH'. Did you mean 'ECHO'? Available finder types: ECHO, MULTI\n");
    }

    @Test
    void aFileThatDoesNotParseIsOneProblem() {
        Path file = Cli.write(folder.resolve("broken.yaml"), "model_management: {finders: [\n");

        Result result = cli.run("config", "check", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.out()).startsWith(file + ": 1 problem\n  - cannot parse " + file + " at line 2, column 1: ");
    }

    @Test
    void aMissingFileIsAProblem() {
        Path file = folder.resolve("missing.yaml");

        Result result = cli.run("config", "check", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.out()).isEqualTo(file + ": 1 problem\n  - configuration file " + file + " does not exist\n");
    }
}
