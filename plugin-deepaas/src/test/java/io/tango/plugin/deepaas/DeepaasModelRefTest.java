package io.tango.plugin.deepaas;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelKey;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How model keys name DEEPaaS models. */
class DeepaasModelRefTest {
    private static final Optional<URI> NO_BASE_URL = Optional.empty();

    private static Optional<DeepaasModelRef> parse(String key, Optional<URI> baseUrl) {
        return DeepaasModelRef.parse(ModelKey.of(key), baseUrl);
    }

    @Test
    void readsTheServerAndTheModelOfAFullKey() {
        assertThat(parse("deepaas://127.0.0.1:5123/demo-classifier", NO_BASE_URL))
                .contains(new DeepaasModelRef(URI.create("http://127.0.0.1:5123"), "demo-classifier"));
    }

    @Test
    void takesTheSegmentsBeforeTheModelAsTheBasePath() {
        assertThat(parse("deepaas://127.0.0.1:5123/api/deepaas/deepaas-test", NO_BASE_URL))
                .contains(new DeepaasModelRef(URI.create("http://127.0.0.1:5123/api/deepaas"), "deepaas-test"));
    }

    @Test
    void defaultsThePortToDeepaassDefault() {
        assertThat(parse("deepaas://localhost/demo", NO_BASE_URL))
                .contains(new DeepaasModelRef(URI.create("http://localhost:5000"), "demo"));
    }

    @Test
    void resolvesAShortKeyAgainstTheConfiguredServer() {
        Optional<URI> baseUrl = Optional.of(URI.create("https://deepaas.example.org/api"));

        assertThat(parse("deepaas:/demo", baseUrl)).contains(new DeepaasModelRef(baseUrl.get(), "demo"));
        assertThat(parse("deepaas:demo", baseUrl)).contains(new DeepaasModelRef(baseUrl.get(), "demo"));
    }

    @Test
    void ignoresKeysOfOtherSchemes() {
        assertThat(parse("models:/iris/1", NO_BASE_URL)).isEmpty();
        assertThat(parse("iris", NO_BASE_URL)).isEmpty();
    }

    @Test
    void rejectsAFullKeyWithoutAModel() {
        assertThatThrownBy(() -> parse("deepaas://127.0.0.1:5000", NO_BASE_URL))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("model key 'deepaas://127.0.0.1:5000' names no model; write deepaas://<host>:<port>/<model>");
    }

    @Test
    void rejectsAKeyWithAQuery() {
        assertThatThrownBy(() -> parse("deepaas://127.0.0.1:5000/demo?version=2", NO_BASE_URL))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("model key 'deepaas://127.0.0.1:5000/demo?version=2' must have no query or fragment; write"
                        + " deepaas://<host>:<port>/<model> or deepaas:/<model>");
    }

    @Test
    void writesTheKeyOfAModelBack() {
        assertThat(new DeepaasModelRef(URI.create("http://127.0.0.1:5123/api"), "demo").toKey())
                .isEqualTo(ModelKey.of("deepaas://127.0.0.1:5123/api/demo"));
        assertThat(new DeepaasModelRef(URI.create("https://deepaas.example.org"), "demo").toKey())
                .isEqualTo(ModelKey.of("deepaas:/demo"));
    }
}
