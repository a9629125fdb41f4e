package io.tango.toolkit.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.job.JobError;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobInfoJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCanceledJobReadsBackAsItWasWritten() throws Exception {
        JobInfo canceled = new JobInfo("trainer:7", JobStatus.CANCELED, List.of(new JobError("canceled", "asked")),
                Instant.parse("2026-12-07T10:00:00Z"), Optional.of(Instant.parse("2026-12-07T10:00:01Z")),
                Optional.of(Instant.parse("2026-12-07T10:00:09Z")), OptionalDouble.of(0.4), Map.of("deepaas.uuid", "ab"));

        String text = JSON.writeValueAsString(JobInfoJson.fields(canceled));

        assertThat(text).isEqualTo("{\"id\":\"trainer:7\",\"status\":\"CANCELED\",\"errors\":[{\"type\":\"canceled\","
                + "\"message\":\"asked\"}],\"submitted\":\"2026-12-07T10:00:00Z\",\"started\":\"2026-12-07T10:00:01Z\","
                + "\"completed\":\"2026-12-07T10:00:09Z\",\"progress\":0.4,\"details\":{\"deepaas.uuid\":\"ab\"}}");
        assertThat(JobInfoJson.read(JSON.readTree(text))).isEqualTo(canceled);
    }

    @Test
    void aQueuedJobHasNoTimesButItsSubmissionAndNoProgress() throws Exception {
        JobInfo queued = new JobInfo("local:1", JobStatus.QUEUED, List.of(), Instant.parse("2026-12-07T10:00:00Z"),
                Optional.empty(), Optional.empty(), OptionalDouble.empty(), Map.of());

        assertThat(JobInfoJson.read(JSON.valueToTree(JobInfoJson.fields(queued)))).isEqualTo(queued);
    }

    @Test
    void aDamagedRecordIsRefusedSayingWhat() throws Exception {
        assertThatThrownBy(() -> JobInfoJson.read(JSON.readTree("{\"id\":\"x\",\"status\":\"DONE\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DONE");
        assertThatThrownBy(() -> JobInfoJson.read(JSON.readTree(
                "{\"id\":\"x\",\"status\":\"QUEUED\",\"submitted\":\"yesterday\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("submitted is no ISO-8601 instant: yesterday");
    }
}
