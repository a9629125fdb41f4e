package io.tango.cli.it;

import io.tango.cli.it.Distribution.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** README's first command runs {@code bin/tango quickstart}: the whole lifecycle, on a fresh store and again. */
class QuickstartIT {
    @TempDir
    Path userHome;

    @Test
    void runsTheWholeLifecycleAndStopsItsServer() {
        Run run = Distribution.built(userHome).run("quickstart");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("1. Train a classifier (trainer 'default')", "training quickstart-iris: COMPLETED 100%",
                        "2. Store it", "  stored as quickstart-iris/1 (onnx) at " + userHome.resolve(".tango/local/models/quickstart-iris/1"),
                        "3. Find it (finder 'default')", "4. Load it (initializer 'default')", "5. Predict sample rows in-process",
                        "6. Deploy it on target 'local' and serve it over HTTP", "7. Call it with an MLflow scoring request",
                        "  HTTP 200", "  Same predictions as in-process.", "8. Stop the server", " no longer answers")
                .contains("Summary (")
                .containsPattern("  predicted +3 rows in-process, [23]/3 correct")
                .containsPattern("  HTTP call +POST /invocations \\(dataframe_split\\): 200, 3 predictions, same as in-process")
                .containsPattern("  server +stopped \\(deployment kept, not served\\)");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void runsAgainOnTheSameStore() {
        Distribution distribution = Distribution.built(userHome);
        assertThat(distribution.run("quickstart").exitCode()).isZero();

        Run again = distribution.run("quickstart");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("  stored as quickstart-iris/2 (onnx)", "  Same predictions as in-process.");
    }
}
