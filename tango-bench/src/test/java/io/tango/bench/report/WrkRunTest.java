package io.tango.bench.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrkRunTest {
    private static final String OUTPUT = """
            Running 20s test @ http://127.0.0.1:40001/invocations
              1 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   612.40us  210.11us   9.87ms   91.20%
                Req/Sec    25.80k     1.10k   27.90k    80.00%
              Latency Distribution
                 50%  580.00us
                 75%  650.00us
                 90%  760.00us
                 99%    1.42ms
              513456 requests in 20.00s, 60.12MB read
            Requests/sec:  25672.80
            Transfer/sec:      3.01MB
            """;

    @Test
    void readsTheRateTheP99AndTheRequestCount() {
        assertThat(WrkRun.parse(OUTPUT)).isEqualTo(new WrkRun(25672.80, 1.42, 513456, 0, 0.58));
    }

    @Test
    void convertsAP99InMicrosecondsOrSecondsToMilliseconds() {
        assertThat(WrkRun.parse(OUTPUT.replace("1.42ms", "870.00us")).p99Millis()).isEqualTo(0.87);
        assertThat(WrkRun.parse(OUTPUT.replace("1.42ms", "1.50s")).p99Millis()).isEqualTo(1500.0);
    }

    @Test
    void countsNon2xxAnswersAndSocketErrorsAsErrors() {
        String failing = OUTPUT.replace("Requests/sec:", """
                  Socket errors: connect 0, read 2, write 0, timeout 3
                  Non-2xx or 3xx responses: 7
                Requests/sec:""");

        assertThat(WrkRun.parse(failing).errors()).isEqualTo(12);
    }

    @Test
    void refusesOutputWithoutALatencyDistribution() {
        assertThatThrownBy(() -> WrkRun.parse("Requests/sec:  100.00\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not the output of wrk --latency:\nRequests/sec:  100.00\n");
    }
}
