package io.tango.toolkit.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    @Test
    void readsSeconds() {
        assertThat(RetryAfter.parse("7")).contains(Duration.ofSeconds(7));
    }

    @Test
    void readsAPastHttpDateAsNoWait() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    }

    @Test
    void ignoresAnythingElse() {
        assertThat(RetryAfter.parse("soon")).isEmpty();
        assertThat(RetryAfter.parse("-1")).isEmpty();
    }
}
