package io.tango.plugin.oip;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelKey;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key forms of {@link OipModelRef}. */
class OipModelRefTest {
    private static OipModelRef parse(String key) {
        return OipModelRef.parse(ModelKey.of(key), Optional.empty()).orElseThrow();
    }

    @Test
    void aRestKeyNamesItsServerBasePathModelAndVersion() {
        OipModelRef ref = parse("oip://127.0.0.1:9000/serving/v1/iris/versions/3");

        assertThat(ref).isEqualTo(new OipModelRef(URI.create("http://127.0.0.1:9000/serving/v1"), "iris", Optional.of("3")));
        assertThat(ref.toKey()).isEqualTo(ModelKey.of("oip://127.0.0.1:9000/serving/v1/iris/versions/3"));
    }

    @Test
    void aRestKeyWithoutPortUsesTritonsAndMlServersDefault() {
        assertThat(parse("oip://localhost/iris")).isEqualTo(
                new OipModelRef(URI.create("http://localhost:8000"), "iris", Optional.empty()));
    }

    @Test
    void aGrpcKeyNamesHostAndPort() {
        OipModelRef ref = parse("oip+grpc://127.0.0.1:8001/identity/versions/1");

        assertThat(ref).isEqualTo(new OipModelRef(URI.create("grpc://127.0.0.1:8001"), "identity", Optional.of("1")));
        assertThat(ref.isGrpc()).isTrue();
        assertThat(ref.toKey()).isEqualTo(ModelKey.of("oip+grpc://127.0.0.1:8001/identity/versions/1"));
    }

    @Test
    void aShortKeyResolvesAgainstTheConfiguredServer() {
        URI server = URI.create("https://oip.example.org/base");

        assertThat(OipModelRef.parse(ModelKey.of("oip:/iris/versions/2"), Optional.of(server)))
                .contains(new OipModelRef(server, "iris", Optional.of("2")));
    }

    @Test
    void aModelCalledVersionsIsAModelNotAVersion() {
        assertThat(parse("oip://h:1/versions")).isEqualTo(new OipModelRef(URI.create("http://h:1"), "versions", Optional.empty()));
    }

    @Test
    void otherSchemesAreNotOips() {
        assertThat(OipModelRef.parse(ModelKey.of("deepaas://h:1/m"), Optional.empty())).isEmpty();
    }

    @Test
    void refusesKeysThatNameNoModelOrAGrpcServerWithoutPortAndShortKeysWithoutServer() {
        assertThatThrownBy(() -> parse("oip://127.0.0.1:8000/"))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("model key 'oip://127.0.0.1:8000/' names no model;");
        assertThatThrownBy(() -> parse("oip+grpc://127.0.0.1/m"))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("model key 'oip+grpc://127.0.0.1/m' must be oip+grpc://<host>:<port>/<model>[/versions/<v>]:"
                        + " a gRPC server has a port and no base path");
        assertThatThrownBy(() -> parse("oip:/m"))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("model key 'oip:/m' names no server and no base_url is configured; write"
                        + " oip://<host>:<port>/m or set base_url");
    }

    @Test
    void masksAPasswordInTheKeyInMessages() {
        assertThatThrownBy(() -> parse("oip://user:secret@127.0.0.1:8000/"))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageNotContaining("secret");
    }
}
