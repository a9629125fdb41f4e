package io.tango.plugin.local;

import io.tango.api.ExplainableTangoModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.plugin.local.engine.ModelEngines;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Engines come from ServiceLoader in the plugin's class loader, so one added next to the plugin is used. */
class ThirdPartyEngineTest {

    @Test
    void discoversAnEngineRegisteredOutsideThePlugin() {
        assertThat(ModelEngines.discover().loadable()).containsExactly("constant", "onnx");
        assertThat(ModelEngines.discover().trainable()).containsExactly("tribuo");
    }

    @Test
    void initializesAModelOfThatEngineAsAnExplainableModel() {
        ModelDescriptor descriptor = ModelDescriptor.builder(ModelKey.of("answer"), "answer", "constant")
                .metadata("constant.value", "42")
                .build();

        TangoModel<?, ?> model = new LocalModelInitializer(Fixtures.loader()).initialize(descriptor).orElseThrow();

        assertThat(model).isInstanceOf(ExplainableTangoModel.class);
        assertThat(model.predict(TangoRequest.of(Map.of("x", 1))).output("predictions")).contains("42");
    }
}
