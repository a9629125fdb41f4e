package io.tango.plugin.mlflow.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tango.api.TangoException;
import io.tango.toolkit.mlmodel.MlModel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Model URIs and MLmodel documents over generated input: a well-formed URI parses to its kind and prints back as
 * itself, any text parses or is "not an MLflow URI" (empty), a run path never leaves the run; an MLmodel document (a
 * generated one, with valid or broken signatures, or any text) parses, and every accessor answers, or it is refused
 * with a {@link TangoException}. Nothing else is ever thrown. 13,000 cases.
 */
class ModelUriAndMlModelPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    // Model URIs.

    @Property(tries = 3_000)
    void aWellFormedUriParsesToItsKindAndPrintsBackAsItself(@ForAll("wellFormedUris") String uri) {
        Optional<MlflowModelUri> parsed = MlflowModelUri.parse(uri);

        assertThat(parsed).isPresent();
        assertThat(parsed.get().uri()).isEqualTo(uri);
        if (uri.startsWith("runs:/")) {
            assertThat(parsed.get()).isInstanceOf(MlflowModelUri.RunArtifact.class);
        } else if (uri.contains("@")) {
            assertThat(parsed.get()).isInstanceOf(MlflowModelUri.ByAlias.class);
        } else if (uri.startsWith("models:/m-")) {
            assertThat(parsed.get()).isInstanceOfAny(MlflowModelUri.LoggedModel.class, MlflowModelUri.ByVersion.class,
                    MlflowModelUri.Latest.class);
        } else {
            assertThat(parsed.get()).isInstanceOfAny(MlflowModelUri.ByVersion.class, MlflowModelUri.Latest.class);
        }
    }

    @Property(tries = 3_000)
    void anyTextParsesOrIsNotAnMlflowUriAndARunPathNeverLeavesTheRun(@ForAll("uriLikeTexts") String text) {
        Optional<MlflowModelUri> parsed = MlflowModelUri.parse(text);

        parsed.ifPresent(uri -> {
            assertThat(uri.uri()).isNotBlank();
            if (uri instanceof MlflowModelUri.RunArtifact run) {
                assertThat(List.of(run.path().split("/"))).doesNotContain("..", ".");
            }
            if (uri instanceof MlflowModelUri.ByVersion version) {
                assertThat(version.version()).matches("[1-9][0-9]*");
                assertThat(version.name()).doesNotContain("/", "@");
            }
        });
    }

    @Provide
    Arbitrary<String> wellFormedUris() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars("-_. 0123456789")
                .ofMinLength(1).ofMaxLength(20).filter(name -> !name.isBlank());
        Arbitrary<String> versions = Arbitraries.integers().between(1, Integer.MAX_VALUE).map(String::valueOf);
        Arbitrary<String> runIds = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(32);
        Arbitrary<String> paths = Arbitraries.strings().alpha().numeric().withChars("_-").ofMinLength(1).ofMaxLength(8)
                .list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
        return Arbitraries.oneOf(
                Combinators.combine(names, versions).as((name, version) -> "models:/" + name + "/" + version),
                Combinators.combine(names, names).as((name, alias) -> "models:/" + name + "@" + alias),
                names.map(name -> "models:/" + name + "/latest"),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(32).map(id -> "models:/m-" + id),
                Combinators.combine(runIds, paths).as((run, path) -> "runs:/" + run + "/" + path));
    }

    @Provide
    Arbitrary<String> uriLikeTexts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("models:", "runs:", "/", "//", "@", "..", ".", "latest", "m-", "1", "0", "-1", "\\",
                        "%2e%2e", "\u0000", " ", "\n", "é", "models:/", "runs:/abc/", ":"),
                Arbitraries.strings().ofMaxLength(6));
        return pieces.list().ofMaxSize(8).map(parts -> String.join("", parts));
    }

    // MLmodel documents.

    @Property(tries = 4_000)
    void aGeneratedMlmodelDocumentParsesAndAnswersEveryAccessorOrIsRefusedTyped(
            @ForAll("mlmodelDocuments") Map<String, Object> document) throws Exception {
        String yaml = YAML.writeValueAsString(document);
        try {
            MlModel model = MlModel.parse(yaml, "models:/iris/1");
            exercise(model);
        } catch (TangoException e) {
            assertThat(e.getMessage()).startsWith("MLmodel ");
        }
    }

    @Property(tries = 3_000)
    void anyTextIsAnMlmodelDocumentOrRefusedTyped(@ForAll("yamlLikeTexts") String text) {
        try {
            exercise(MlModel.parse(text, "models:/iris/1"));
        } catch (TangoException e) {
            assertThat(e.getMessage()).startsWith("MLmodel ");
        }
    }

    @Example
    void aYamlAliasBombIsReadWithoutExpandingItsAliases() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'k'; level++) {
            char previous = (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
        }

        MlModel model = MlModel.parse(bomb.toString(), "models:/bomb/1");

        // Expanded, the last list would hold 9^11 strings; unexpanded, the whole file is a few hundred characters.
        assertThat(model.asMap()).containsOnlyKeys("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");
        assertThat(model.asMap().toString()).hasSizeLessThan(10_000);
    }

    private static void exercise(MlModel model) {
        model.flavors();
        model.hasFlavor(MlModel.ONNX_FLAVOR);
        model.text("run_id");
        model.onnxFile();
        model.pyfuncLoaderModule();
        model.inputExampleFile();
        model.signatureParams();
        model.signature();
        model.asMap();
        assertThat(model.toString()).startsWith("MlModel[");
    }

    @Provide
    Arbitrary<Map<String, Object>> mlmodelDocuments() {
        Arbitrary<Object> anything = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(value -> (Object) value),
                Arbitraries.integers().map(value -> (Object) value),
                Arbitraries.of(true, false).map(value -> (Object) value),
                Arbitraries.just(null),
                Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3).map(value -> (Object) value));
        Arbitrary<Object> flavor = Arbitraries.maps(
                Arbitraries.of("data", "loader_module", "python_version", "env", "onnx_version", "code"),
                anything).ofMaxSize(4).map(value -> (Object) value);
        Arbitrary<Object> flavors = Arbitraries.oneOf(
                Arbitraries.maps(Arbitraries.of("onnx", "python_function", "sklearn", "shap", ""), flavor).ofMaxSize(3)
                        .map(value -> (Object) value),
                anything);
        Arbitrary<Object> signature = Arbitraries.oneOf(
                Combinators.combine(signatureSpecs(), signatureSpecs(), signatureParams()).as((inputs, outputs, params) -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put("inputs", inputs);
                    map.put("outputs", outputs);
                    map.put("params", params);
                    return (Object) map;
                }),
                anything);
        Arbitrary<Object> example = Arbitraries.oneOf(
                Arbitraries.maps(Arbitraries.of("artifact_path", "type", "pandas_orient"), anything).ofMaxSize(3)
                        .map(value -> (Object) value),
                anything);
        return Combinators.combine(flavors, signature, example, anything, anything).as((f, s, e, runId, extra) -> {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("artifact_path", "model");
            document.put("flavors", f);
            document.put("signature", s);
            document.put("saved_input_example_info", e);
            document.put("run_id", runId);
            document.put("mlflow_version", extra);
            return document;
        });
    }

    /** A signature part as MLflow stores it (a JSON string) — or broken JSON, or not a string at all. */
    private static Arbitrary<Object> signatureSpecs() {
        Arbitrary<Map<String, Object>> column = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(value -> (Object) value), Arbitraries.just(null),
                        Arbitraries.integers().map(value -> (Object) value)),
                Arbitraries.of("double", "float", "long", "integer", "string", "boolean", "binary", "datetime", "tensor",
                        "array", "object", "map", "any", "", "weird"),
                Arbitraries.oneOf(Arbitraries.of(true, false).map(value -> (Object) value),
                        Arbitraries.strings().ofMaxLength(3).map(value -> (Object) value)),
                Arbitraries.of("float32", "float64", "int64", "int8", "uint8", "bool", "str", "object", "complex128", ""),
                Arbitraries.longs().between(-3, 100).list().ofMaxSize(3))
                .as((name, type, required, dtype, shape) -> {
                    Map<String, Object> spec = new LinkedHashMap<>();
                    spec.put("name", name);
                    spec.put("type", type);
                    spec.put("required", required);
                    if (type.equals("tensor")) {
                        spec.put("tensor-spec", Map.of("dtype", dtype, "shape", shape));
                    }
                    return spec;
                });
        return Arbitraries.oneOf(
                column.list().ofMaxSize(4).map(columns -> (Object) toJson(columns)),
                column.list().ofMaxSize(4).map(columns -> (Object) columns),
                Arbitraries.of("[", "{}", "[1, 2]", "null", "\"text\"", "[{\"name\": }]", "").map(value -> (Object) value),
                Arbitraries.just(null));
    }

    private static Arbitrary<Object> signatureParams() {
        return Arbitraries.oneOf(
                Arbitraries.of("[{\"name\": \"k\", \"type\": \"long\", \"default\": 1, \"shape\": null}]", "", "  ", "[",
                        "{}").map(value -> (Object) value),
                Arbitraries.just(null));
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Provide
    Arbitrary<String> yamlLikeTexts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("flavors:", "\n", "  ", "- ", ": ", "onnx:", "data: model.onnx", "signature:",
                        "inputs: '[", "]'", "&a ", "*a", "!!python/object:os.system", "---", "...", "{", "}", "[", "]",
                        "\"", "'", "#", "\t", "%YAML 1.2", "? ", "|", ">", "!!binary", "\u0000", "\uFEFF"),
                Arbitraries.strings().ofMaxLength(8));
        return pieces.list().ofMaxSize(12).map(parts -> String.join("", parts));
    }
}
