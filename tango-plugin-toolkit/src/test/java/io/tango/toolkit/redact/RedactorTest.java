package io.tango.toolkit.redact;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    @Test
    void masksEverySecretLongestFirst() {
        assertThat(Redactor.of(List.of("abc", "abcdef")).mask("x abcdef y abc"))
                .isEqualTo("x **** y ****");
    }

    @Test
    void masksBeforeCuttingSoASecretAcrossTheCutNeverShowsInPart() {
        String text = "0123456789" + "TOPSECRET" + "tail";
        assertThat(Redactor.of(List.of("TOPSECRET")).excerpt(text, 14)).isEqualTo("0123456789****…");
    }

    @Test
    void stripsThePasswordOfEveryUrl() {
        assertThat(Redactor.none().mask("fetch https://ada:pa55@example.org/x and s3://key:sec@bucket/y failed"))
                .isEqualTo("fetch https://ada:****@example.org/x and s3://key:****@bucket/y failed");
    }

    @Test
    void leavesAUrlWithoutPasswordAsItIs() {
        assertThat(Redactor.none().mask("see http://127.0.0.1:5000/api and mailto:a@b"))
                .isEqualTo("see http://127.0.0.1:5000/api and mailto:a@b");
    }

    @Test
    void showsNoSecretInItsToString() {
        assertThat(Redactor.of(List.of("pa55")).toString()).isEqualTo("Redactor[1 secrets]").doesNotContain("pa55");
    }
}
