package io.tango.toolkit.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class JobMdcTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void carriesTheJobIdWhileOpenAndRemovesItWhenClosed() {
        try (JobMdc ignored = JobMdc.put("trainer:42")) {
            assertThat(MDC.get("job_id")).isEqualTo("trainer:42");
        }
        assertThat(MDC.get("job_id")).isNull();
    }

    @Test
    void putsBackTheOuterJobsIdWhenANestedOneCloses() {
        try (JobMdc outer = JobMdc.put("predictor:1")) {
            try (JobMdc inner = JobMdc.put("trainer:2")) {
                assertThat(MDC.get("job_id")).isEqualTo("trainer:2");
            }
            assertThat(MDC.get("job_id")).isEqualTo("predictor:1");
        }
    }
}
