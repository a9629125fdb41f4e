package io.tango.testkit.contract;

import io.tango.api.InvalidConfigException;
import io.tango.api.TangoComponent;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.ConfigProblem;
import io.tango.api.config.TangoConfig;
import io.tango.api.spi.TangoFactory;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.config.ConfigValidator;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every factory meets: discoverable through {@code META-INF/services}, cheap to construct, a proper type
 * name, sound option declarations (each once, described, every declared default read back by the runtime exactly as
 * declared), and config validated by the runtime before {@code create}.
 *
 * <p>Extend it once per factory and return the factory and a config it accepts.
 */
public abstract class FactoryContractTest {

    /** @return the factory under test */
    protected abstract TangoFactory<?> factory();

    /** @return a config the factory accepts (its required options set; temp folders for anything it writes) */
    protected abstract Map<String, Object> validConfig();

    private ComponentKind kind() {
        return Arrays.stream(ComponentKind.values())
                .filter(kind -> kind.factoryInterface().isInstance(factory()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(factory().getClass() + " implements no factory interface of io.tango.api.spi"));
    }

    @Test
    void isRegisteredInMetaInfServices() {
        List<String> registered = ServiceLoader.load(kind().factoryInterface(), factory().getClass().getClassLoader()).stream()
                .map(provider -> provider.type().getName())
                .toList();
        assertThat(registered)
                .as("META-INF/services/%s must list the factory", kind().factoryInterface().getName())
                .contains(factory().getClass().getName());
    }

    @Test
    void hasAPublicNoArgumentConstructor() throws ReflectiveOperationException {
        assertThat(Modifier.isPublic(factory().getClass().getModifiers())).as("factory class is public").isTrue();
        assertThat(Modifier.isPublic(factory().getClass().getConstructor().getModifiers())).isTrue();
    }

    @Test
    void typeIsOneWordWithoutSpaces() {
        assertThat(factory().type()).matches("[A-Za-z][A-Za-z0-9_-]*");
    }

    @Test
    void describesItself() {
        assertThat(factory().description()).isNotBlank();
    }

    @Test
    void declaresEachOptionOnceWithADescription() {
        List<ConfigOption<?>> options = factory().options();
        Set<String> keys = new HashSet<>();
        for (ConfigOption<?> option : options) {
            assertThat(keys.add(option.key())).as("option '%s' declared once", option.key()).isTrue();
            assertThat(option.description()).as("description of option '%s'", option.key()).isNotBlank();
        }
    }

    @Test
    void readsEveryDeclaredDefaultBackAsDeclared() {
        List<ConfigProblem> problems = new ArrayList<>();
        TangoConfig defaults = ConfigValidator.validateOptions("contract", factory().options().stream()
                .filter(option -> !option.required()).toList(), Map.of(), problems);
        assertThat(problems).isEmpty();
        for (ConfigOption<?> option : factory().options()) {
            option.defaultValue().ifPresent(value -> assertThat((Object) defaults.get(option))
                    .as("default of option '%s' as the runtime fills it in (%s)", option.key(), option.defaultText().orElseThrow())
                    .isEqualTo(value));
        }
    }

    @Test
    void createsFromAValidConfigThroughTheRuntimeAndCloses() {
        try (TangoRuntime runtime = runtimeWith(validConfig())) {
            TangoComponent component = runtime.component(kind(), "contract", kind().componentInterface());
            assertThat(component).isInstanceOf(kind().componentInterface());
        }
    }

    @Test
    void rejectsAnUnknownOptionWithItsPath() {
        Map<String, Object> config = new LinkedHashMap<>(validConfig());
        config.put("no_such_option", "x");
        assertThatThrownBy(() -> runtimeWith(config).close())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(error -> assertThat(((InvalidConfigException) error).problems())
                        .extracting(ConfigProblem::path)
                        .contains("model_management." + kind().section() + ".contract.config.no_such_option"));
    }

    @Test
    void rejectsAMissingRequiredOptionWithItsPath() {
        List<ConfigOption<?>> required = factory().options().stream().filter(ConfigOption::required).toList();
        if (required.isEmpty()) {
            return;
        }
        Map<String, Object> config = new LinkedHashMap<>(validConfig());
        required.forEach(option -> config.remove(option.key()));
        assertThatThrownBy(() -> runtimeWith(config).close())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(error -> assertThat(((InvalidConfigException) error).problems())
                        .extracting(ConfigProblem::path)
                        .containsAll(required.stream()
                                .map(option -> "model_management." + kind().section() + ".contract.config." + option.key())
                                .toList()));
    }

    private TangoRuntime runtimeWith(Map<String, Object> config) {
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("type", factory().type());
        instance.put("config", config);
        return TangoRuntime.builder()
                .config(Map.of("model_management", Map.of(kind().section(), Map.of("contract", instance))))
                .environment(Map.of())
                .build();
    }
}
