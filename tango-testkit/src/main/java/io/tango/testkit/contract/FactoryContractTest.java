package io.tango.testkit.contract;

import io.tango.api.InvalidConfigException;
import io.tango.api.TangoComponent;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.ConfigProblem;
import io.tango.api.config.OptionType;
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
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The contract every factory meets: discoverable through {@code META-INF/services}, cheap to construct, a proper type
 * name, sound option declarations (each once, described, every declared default read back by the runtime exactly as
 * declared), and config validated by the runtime before {@code create}.
 *
 * <p>Secrets: every option the factory declares secret is set to a recognizable value, which must never show in the
 * created component's {@code toString()} nor in any config problem; and every option whose name says it holds a
 * credential ({@code token}, {@code password}, {@code secret}, {@code api_key}, also as a suffix such as
 * {@code tracking_token}) must be declared secret.
 *
 * <p>Extend it once per factory and return the factory and a config it accepts. To run the same checks against the
 * plugin as operators load it — from its folder, in its own class loader — override {@link #runtimeBuilder()} and
 * {@link #factory()} with an {@link IsolatedPlugin}'s.
 */
public abstract class FactoryContractTest {
    /** A credential by name: the whole key or its last {@code _}-separated part(s). */
    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(^|_)(token|password|passwd|secret|api_key|apikey)$");

    /** @return the factory under test */
    protected abstract TangoFactory<?> factory();

    /** @return a config the factory accepts (its required options set; temp folders for anything it writes) */
    protected abstract Map<String, Object> validConfig();

    /**
     * The builder every runtime of this contract starts from; the default scans the class path. Override it (with
     * {@link IsolatedPlugin#runtimeBuilder()}) to load the plugin from its folder instead.
     *
     * @return a fresh builder, without config
     */
    protected TangoRuntime.Builder runtimeBuilder() {
        return TangoRuntime.builder();
    }

    /**
     * Options whose name looks like a credential but which hold none (say, {@code token_file} holding a path would not
     * match, but a plugin might name a non-secret {@code session_token} count); empty by default.
     *
     * @return keys exempt from {@link #declaresEveryCredentialLookingOptionSecret()}
     */
    protected Set<String> notSecretDespiteName() {
        return Set.of();
    }

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

    @Test
    void declaresEveryCredentialLookingOptionSecret() {
        List<String> undeclared = factory().options().stream()
                .filter(option -> !option.secret())
                .map(ConfigOption::key)
                .filter(key -> CREDENTIAL_NAME.matcher(key).find())
                .filter(key -> !notSecretDespiteName().contains(key))
                .toList();
        assertThat(undeclared)
                .as("options named like a credential must be declared with asSecret(), so their value is masked everywhere")
                .isEmpty();
    }

    @Test
    void neverShowsASecretOptionInTheComponentsToString() {
        Map<String, String> secrets = recognizableSecrets();
        assumeFalse(secrets.isEmpty(), "the factory declares no secret string option");
        Map<String, Object> config = new LinkedHashMap<>(validConfig());
        config.putAll(secrets);
        try (TangoRuntime runtime = runtimeWith(config)) {
            String shown;
            try {
                shown = String.valueOf(runtime.component(kind(), "contract", kind().componentInterface()));
            } catch (RuntimeException rejected) {
                abort("the factory rejects the made-up secret values (neverShowsASecretOptionInAConfigProblem checks "
                        + "its message): " + rejected.getClass().getSimpleName());
                return;
            }
            secrets.forEach((key, value) -> assertThat(shown)
                    .as("toString() of the component created with secret option '%s'", key)
                    .doesNotContain(value));
        }
    }

    @Test
    void neverShowsASecretOptionInAConfigProblem() {
        Map<String, String> secrets = recognizableSecrets();
        assumeFalse(secrets.isEmpty(), "the factory declares no secret string option");
        Map<String, Object> withUnknownOption = new LinkedHashMap<>(validConfig());
        withUnknownOption.putAll(secrets);
        withUnknownOption.put("no_such_option", "x");
        Throwable unknownOption = catchThrowable(() -> runtimeWith(withUnknownOption).close());
        assertThat(unknownOption).isInstanceOf(InvalidConfigException.class);
        assertNoSecretIn(unknownOption, secrets);

        Map<String, Object> wrongTypes = new LinkedHashMap<>(validConfig());
        secrets.forEach((key, value) -> wrongTypes.put(key, List.of(value)));
        Throwable wrongType = catchThrowable(() -> runtimeWith(wrongTypes).close());
        assertThat(wrongType).isInstanceOf(InvalidConfigException.class);
        assertNoSecretIn(wrongType, secrets);

        Map<String, Object> withSecrets = new LinkedHashMap<>(validConfig());
        withSecrets.putAll(secrets);
        try (TangoRuntime runtime = runtimeWith(withSecrets)) {
            Throwable created = catchThrowable(() -> runtime.component(kind(), "contract", kind().componentInterface()));
            if (created != null) {
                assertNoSecretIn(created, secrets);
            }
        }
    }

    private Map<String, String> recognizableSecrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        factory().options().stream()
                .filter(ConfigOption::secret)
                .filter(option -> option.type() == OptionType.STRING)
                .forEach(option -> secrets.put(option.key(), "tango-contract-secret-" + option.key() + "-7f3a9c"));
        return secrets;
    }

    private static void assertNoSecretIn(Throwable error, Map<String, String> secrets) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            List<String> texts = new ArrayList<>();
            texts.add(String.valueOf(cause.getMessage()));
            texts.add(cause.toString());
            if (cause instanceof InvalidConfigException invalid) {
                invalid.problems().forEach(problem -> texts.add(problem.toString()));
            }
            for (String text : texts) {
                secrets.forEach((key, value) -> assertThat(text)
                        .as("message of %s raised with secret option '%s' set", error.getClass().getSimpleName(), key)
                        .doesNotContain(value));
            }
        }
    }

    private TangoRuntime runtimeWith(Map<String, Object> config) {
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("type", factory().type());
        instance.put("config", config);
        return runtimeBuilder()
                .config(Map.of("model_management", Map.of(kind().section(), Map.of("contract", instance))))
                .environment(Map.of())
                .build();
    }
}
