package io.tango.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.cli.Cli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tango train} and {@code tango jobs …} over the echo trainer of the test class path. */
class TrainAndJobsCommandTest {
    private static final Pattern JOB = Pattern.compile("job:      (default:[0-9a-f-]{36})");

    @TempDir
    Path folder;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(folder);
    }

    private String trainedJobId(String... arguments) {
        Result result = cli.run(arguments);
        Matcher job = JOB.matcher(result.out());
        assertThat(job.find()).as(result.out() + result.err()).isTrue();
        return job.group(1);
    }

    @Test
    void trainFollowsTheJobWithPlainLinesAndPrintsTheModel() {
        Result result = cli.run("train", "iris", "-a", "steps=40", "--id", "first");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).startsWith("Training iris with trainer 'default' as job default:first\n")
                .contains("training iris: RUNNING")
                .endsWith("training iris: COMPLETED 100%\n");
        assertThat(result.out()).startsWith("Trained iris version 1 (echo) in ")
                .endsWith(" s\n  job:      default:first\n  key:      iris/1\n");
    }

    @Test
    void trainDrawsAProgressBarOnATerminal() {
        Result result = cli.interactive().run("train", "iris", "-a", "steps=40", "--id", "bar");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).startsWith("Training iris with trainer 'default' as job default:bar\n\rtraining iris  [")
                .containsPattern("\rtraining iris  \\[#{30}\\] 100%  COMPLETED  \\d+\\.\\ds *\n$")
                .doesNotContain("training iris: ");
    }

    @Test
    void trainReadsArgumentValuesAsJson() {
        Result result = cli.run("train", "iris", "--arguments", "{\"steps\": 2}", "-a", "fail=true");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("training iris: ERRORED")
                .endsWith("failed: the echo training was told to fail\n");
    }

    @Test
    void trainDetachedPrintsOnlyTheJobId() {
        Result result = cli.run("train", "iris", "--id", "detached", "--detach");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("default:detached\n");
    }

    @Test
    void anArgumentTheTrainerRejectsExitsWithInvalid() {
        Result result = cli.run("train", "iris", "-a", "epochs=3");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(result.err()).isEqualTo("error: unknown training argument 'epochs'; the echo trainer takes steps, fail, hold\n");
    }

    @Test
    void aRepeatedArgumentIsAUsageError() {
        Result result = cli.run("train", "iris", "-a", "steps=1", "-a", "steps=2");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("error: repeated -a key 'steps': give each key once\n");
    }

    @Test
    void aTrainingThatOutlastsTheTimeoutFails() {
        Result result = cli.run("train", "iris", "-a", "hold=true", "--timeout", "200ms");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("error: training default:").contains(" is still RUNNING after PT0.2S; follow it with 'tango jobs wait default:");
    }

    @Test
    void statusShowsAFinishedJobFromAnEarlierRun() throws Exception {
        String id = trainedJobId("train", "iris");

        Result text = cli.run("jobs", "status", id);
        JsonNode json = Json.mapper().readTree(cli.run("jobs", "status", id, "--format", "json").out());

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("id:        " + id + "\nstatus:    COMPLETED (100%)\n").endsWith("model:     iris\n");
        assertThat(json.get("id").asText()).isEqualTo(id);
        assertThat(json.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json.get("progress").asDouble()).isEqualTo(1.0);
    }

    @Test
    void statusOfAnUnknownJobExitsWithNotFound() {
        Result result = cli.run("jobs", "status", "default:nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).isEqualTo("error: trainer 'default' has no training default:nope\n");
    }

    @Test
    void statusOfAnIdWithoutOwnerExitsWithNotFound() {
        Result result = cli.run("jobs", "status", "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).isEqualTo("error: 'nope' is not a job id: ids look like <trainer>:<id>\n");
    }

    @Test
    void listShowsEveryJobOfTheTrainers() {
        String first = trainedJobId("train", "iris");
        String second = trainedJobId("train", "wine");

        Result result = cli.run("jobs", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("  ID  ").contains(first + "  COMPLETED  100%").contains(second + "  COMPLETED  100%");
    }

    @Test
    void listWithoutJobsSaysSo() {
        assertThat(cli.run("jobs", "list").out()).isEqualTo("No jobs (trainers: default).\n");
    }

    @Test
    void waitOnACompletedJobSucceeds() {
        String id = trainedJobId("train", "iris");

        Result result = cli.run("jobs", "wait", id);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("id:        " + id + "\nstatus:    COMPLETED (100%)\n");
    }

    @Test
    void waitOnAFailedJobFails() {
        cli.run("train", "iris", "-a", "fail=true", "--id", "failing");

        Result result = cli.run("jobs", "wait", "default:failing");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).endsWith("error: job default:failing ended ERRORED: TangoException: the echo training was told to fail\n");
    }

    @Test
    void cancelOfAFinishedJobLeavesIt() {
        String id = trainedJobId("train", "iris");

        Result result = cli.run("jobs", "cancel", id);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Job " + id + " is COMPLETED; nothing to cancel\n");
    }
}
