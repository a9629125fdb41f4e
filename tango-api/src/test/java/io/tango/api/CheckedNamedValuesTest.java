package io.tango.api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The maps of requests and responses: checked and copied once, unmodifiable, equal to any map with the same entries,
 * and shared rather than copied again when they cannot change.
 */
class CheckedNamedValuesTest {

    private static Map<String, Object> twoInputs() {
        return TangoRequest.builder().input("b", 1).input("a", List.of(2.0)).build().inputs();
    }

    @Test
    void aRequestsMapOfTwoEntriesIsACheckedMapInInsertionOrder() {
        Map<String, Object> inputs = twoInputs();

        assertThat(inputs).isInstanceOf(CheckedNamedValues.class);
        assertThat(inputs.keySet()).containsExactly("b", "a");
        assertThat(inputs.values()).containsExactly(1, List.of(2.0));
        assertThat(inputs.get("a")).isEqualTo(List.of(2.0));
        assertThat(inputs.get("c")).isNull();
        assertThat(inputs.getOrDefault("c", 3)).isEqualTo(3);
        assertThat(inputs.containsKey("b")).isTrue();
        assertThat(inputs.containsValue(1)).isTrue();
        assertThat(inputs.size()).isEqualTo(2);
        assertThat(inputs.isEmpty()).isFalse();
        assertThat(inputs).hasToString("{b=1, a=[2.0]}");
    }

    @Test
    void aCheckedMapEqualsAnyMapWithTheSameEntriesAndHashesLikeIt() {
        Map<String, Object> same = new LinkedHashMap<>();
        same.put("a", List.of(2.0));
        same.put("b", 1);

        assertThat(twoInputs()).isEqualTo(same);
        assertThat(same).isEqualTo(twoInputs());
        assertThat(twoInputs().hashCode()).isEqualTo(same.hashCode());
        assertThat(twoInputs()).isNotEqualTo(Map.of("b", 1));
    }

    @Test
    void everyMutatorOfACheckedMapThrows() {
        Map<String, Object> inputs = twoInputs();

        assertThatThrownBy(() -> inputs.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.remove("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.remove("b", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.putAll(Map.of("c", 3))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(inputs::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.replaceAll((name, value) -> 0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.putIfAbsent("c", 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.replace("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.replace("b", 1, 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.computeIfAbsent("c", name -> 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.computeIfPresent("b", (name, value) -> 2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.compute("b", (name, value) -> 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.merge("b", 2, (old, value) -> value)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.entrySet().iterator().next().setValue(2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.keySet().remove("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inputs.values().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(inputs).isEqualTo(Map.of("b", 1, "a", List.of(2.0)));
    }

    @Test
    void aRequestBuiltFromAnotherRequestsMapsSharesThemAndStaysImmutable() {
        TangoRequest first = TangoRequest.builder().input("b", 1).input("a", 2).parameter("p", 1).parameter("q", 2).build();

        TangoRequest second = new TangoRequest(first.inputs(), first.parameters(), Optional.of("text/csv"));

        assertThat(second.inputs()).isSameAs(first.inputs());
        assertThat(second.parameters()).isSameAs(first.parameters());
        assertThat(second.inputs().keySet()).containsExactly("b", "a");
    }

    @Test
    void aResponseWithOtherOutputsSharesItsMetadataAndContentType() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("model", "iris");
        metadata.put("engine", "onnx");
        TangoResponse template = new TangoResponse(Map.of(), "text/plain", metadata);
        metadata.put("engine", "changed");

        TangoResponse response = template.withOutputs(Map.of("y", 1.5));

        assertThat(response.metadata()).isSameAs(template.metadata());
        assertThat(response.metadata()).isEqualTo(Map.of("model", "iris", "engine", "onnx"));
        assertThat(response.contentType()).isEqualTo("text/plain");
        assertThat(response.outputs()).isEqualTo(Map.of("y", 1.5));
    }

    @Test
    void aMapOfOfImmutableValuesIsKeptAsItIs() {
        Tensor tensor = Tensor.ofFloats(new float[] {1, 2}, 1, 2);
        Map<String, Object> one = Map.of("x", tensor);
        Map<String, Object> two = Map.of("x", tensor, "name", "iris");

        assertThat(TangoRequest.of(one).inputs()).isSameAs(one);
        assertThat(TangoResponse.of(two).outputs()).isSameAs(two);
    }

    @Test
    void aMapOfHoldingAMutableListIsCopiedDeeply() {
        List<Object> column = new ArrayList<>(List.of(1.0));
        Map<String, Object> one = Map.of("x", column);
        Map<String, Object> two = Map.of("x", column, "y", 2.0);

        TangoRequest request = TangoRequest.of(one);
        TangoResponse response = TangoResponse.of(two);
        column.add(3.0);

        assertThat(request.inputs()).isNotSameAs(one).isEqualTo(Map.of("x", List.of(1.0)));
        assertThat(response.outputs()).isNotSameAs(two).isEqualTo(Map.of("x", List.of(1.0), "y", 2.0));
        assertThatThrownBy(() -> ((List<Object>) request.inputs().get("x")).add(4.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMutableMapIsCopiedSoChangingItLaterChangesNothing() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("x", 1);
        inputs.put("y", 2);

        TangoRequest request = TangoRequest.of(inputs);
        inputs.put("z", 3);
        inputs.put("x", 9);

        assertThat(request.inputs()).isEqualTo(Map.of("x", 1, "y", 2));
        assertThat(request.inputs().keySet()).containsExactly("x", "y");
    }
}
