package io.tango.toolkit.spi;

import io.tango.api.ModelFinder;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeclaredFactoryTest {
    private static final ConfigOption<String> ROOT = ConfigOption.string("root").withDescription("Where models live");
    private static final ConfigOption<Integer> THREADS = ConfigOption.integer("threads").withDefault(1)
            .withDescription("Threads");

    private static final class HelloFactory extends DeclaredFactory<ModelFinder> {
        HelloFactory(List<ConfigOption<?>> options) {
            super("HELLO", "Finds hello models", options);
        }

        @Override
        protected ModelFinder build(TangoConfig config, String instanceName) {
            throw new AssertionError("build must not be reached with a null argument");
        }
    }

    @Test
    void declaresTypeDescriptionAndOptionsInOrder() {
        HelloFactory factory = new HelloFactory(List.of(THREADS, ROOT));

        assertThat(factory.type()).isEqualTo("HELLO");
        assertThat(factory.description()).isEqualTo("Finds hello models");
        assertThat(factory.options()).containsExactly(THREADS, ROOT);
    }

    @Test
    void keepsItsOwnCopyOfTheOptions() {
        List<ConfigOption<?>> options = new ArrayList<>(List.of(ROOT));
        HelloFactory factory = new HelloFactory(options);
        options.add(THREADS);

        assertThat(factory.options()).containsExactly(ROOT);
        assertThatThrownBy(() -> factory.options().add(THREADS)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void createRejectsANullConfigBeforeBuilding() {
        HelloFactory factory = new HelloFactory(List.of());

        assertThatThrownBy(() -> factory.create(null, "default"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("config is null");
    }
}
