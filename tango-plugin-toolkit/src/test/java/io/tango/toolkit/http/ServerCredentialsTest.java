package io.tango.toolkit.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token belongs to its server's origin (scheme, host, port) and never shows. */
class ServerCredentialsTest {
    private static final String TOKEN = "t0ken-for-one-server";
    private final ServerCredentials credentials =
            new ServerCredentials(URI.create("https://gateway.example.org/models"), TOKEN);

    @Test
    void isForTheSameOriginWhateverThePathCaseOrDefaultPort() {
        assertThat(credentials.isFor(URI.create("HTTPS://Gateway.Example.org:443/other"))).isTrue();
    }

    @Test
    void isNotForAnotherHostPortOrScheme() {
        assertThat(credentials.isFor(URI.create("https://other.example.org/models"))).isFalse();
        assertThat(credentials.isFor(URI.create("https://gateway.example.org:8443/models"))).isFalse();
        assertThat(credentials.isFor(URI.create("http://gateway.example.org/models"))).isFalse();
    }

    @Test
    void authForGivesABearerToItsServerAndNothingToAnother() {
        assertThat(ServerCredentials.authFor(Optional.of(credentials), URI.create("https://gateway.example.org")))
                .isEqualTo(new HttpAuth.Bearer(TOKEN));
        assertThat(ServerCredentials.authFor(Optional.of(credentials), URI.create("https://other.example.org")))
                .isSameAs(HttpAuth.none());
        assertThat(ServerCredentials.authFor(Optional.empty(), URI.create("https://gateway.example.org")))
                .isSameAs(HttpAuth.none());
    }

    @Test
    void toStringMasksTheToken() {
        assertThat(credentials.toString())
                .isEqualTo("ServerCredentials[https://gateway.example.org/models, token ****]");
    }

    @Test
    void refusesATokenWithAControlCharacterWithoutShowingIt() {
        assertThatThrownBy(() -> new ServerCredentials(URI.create("http://127.0.0.1:8000"), "abc\ndef"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("the token must be non-blank text without control characters");
    }
}
