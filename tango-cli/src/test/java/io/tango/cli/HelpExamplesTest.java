package io.tango.cli;

import io.tango.cli.Cli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Example commands and JSON in help texts stay whole on one line at any terminal width, so they can be copied and
 * pasted. Picocli refuses widths under 55 ("Invalid usage message width 40. Minimum value is 55") and renders a
 * 40-column terminal at 55, so 55 is the narrowest width help is ever rendered at.
 */
class HelpExamplesTest {
    @TempDir
    Path folder;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(folder);
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {55, 80, 200})
    void theEnvironmentExampleOfTangoHelpIsOneLine(int width) {
        Result result = cli.runWithHelpWidth(width, "--help");

        assertThat(result.out().lines()).contains(
                "  TANGO__MODEL_MANAGEMENT__FINDERS__DEFAULT__CONFIG__ROOT=/data tango models find iris",
                "  source <(tango generate-completion)");
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {55, 80, 200})
    void theRequestExamplesOfModelsPredictHelpAreOneLineEach(int width) {
        Result result = cli.runWithHelpWidth(width, "models", "predict", "--help");

        assertThat(result.out().lines()).contains(
                "  {\"inputs\": {\"x\": [[1.0, 2.0]]}}, {\"instances\": [...]}  named or unnamed tensors",
                "  tango models predict iris --input '{\"sepal_length\": [5.1], \"sepal_width\": [3.5], "
                        + "\"petal_length\": [1.4], \"petal_width\": [0.2]}'");
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {55, 80, 200})
    void everyCommandPrintsItsVerbatimLinesWholeAfterItsFooter(int width) {
        List<String> broken = new ArrayList<>();
        for (CommandLine command : Cli.allCommands(TangoCli.commandLine(Cli.silentContext()))) {
            VerbatimHelp verbatim = command.getCommandSpec().userObject().getClass().getAnnotation(VerbatimHelp.class);
            if (verbatim == null) {
                continue;
            }
            String help = cli.runWithHelpWidth(width, Cli.helpArguments(command)).out();
            if (!help.endsWith(String.join("\n", verbatim.value()) + "\n")) {
                broken.add(command.getCommandSpec().qualifiedName());
            }
        }
        assertThat(broken).isEmpty();
    }
}
