package io.tango.runtime;

import io.tango.api.InvalidConfigException;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.TangoComponent;
import io.tango.api.spi.FactoryContext;
import io.tango.runtime.testing.TestFinder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A factory reaches the runtime's named instances through its context, as the built-in MULTI does. */
class FactoryContextTest {

    private static TangoRuntime runtime(String yaml) {
        return TangoRuntime.builder().configYaml(yaml).environment(Map.of()).build();
    }

    @Test
    void aThirdPartysCompositeFinderAsksTheInstancesItNames() {
        try (TangoRuntime runtime = runtime("""
                model_management:
                  finders:
                    both: {type: FIRST_OF, config: {finders: [a, b]}}
                    a: {type: TEST, config: {root: /a, models: [iris]}}
                    b: {type: TEST, config: {root: /b, models: [wine]}}
                """)) {
            assertThat(runtime.finder("both").find(ModelKey.of("wine"))).get()
                    .satisfies(found -> assertThat(found.origin()).isEqualTo("finder b"));
            assertThat(((TestFinder) runtime.finder("a")).finds()).isEqualTo(1);
            assertThat(runtime.finder("both").find(ModelKey.of("none"))).isEmpty();
        }
    }

    @Test
    void createsTheNamedInstancesOnlyWhenTheCompositeFirstNeedsThem() {
        try (TangoRuntime runtime = runtime("""
                model_management:
                  finders:
                    both: {type: FIRST_OF, config: {finders: [a]}}
                    a: {type: TEST, config: {root: /a, models: [iris]}}
                """)) {
            ModelFinder both = runtime.finder("both");
            TestFinder a = (TestFinder) runtime.finder("a");

            both.find(ModelKey.of("iris"));

            assertThat(a.finds()).isEqualTo(1);
        }
    }

    @Test
    void anInstanceThatNeedsItselfFailsNamingTheCycle() {
        try (TangoRuntime runtime = runtime("""
                model_management:
                  finders:
                    loop: {type: FIRST_OF, config: {finders: [other], eager: true}}
                    other: {type: FIRST_OF, config: {finders: [loop], eager: true}}
                """)) {
            assertThatThrownBy(() -> runtime.finder("loop"))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("model_management.finders.loop: needs itself to be created: finder 'loop' "
                            + "-> finder 'other' -> finder 'loop'");
        }
    }

    @Test
    void anInstanceNotConfiguredIsReportedWithTheConfiguredOnes() {
        try (TangoRuntime runtime = runtime("""
                model_management:
                  finders:
                    both: {type: FIRST_OF, config: {finders: [a, missing]}}
                    a: {type: TEST, config: {root: /a}}
                """)) {
            assertThatThrownBy(() -> runtime.finder("both").find(ModelKey.of("iris")))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("no finder named 'missing' is configured")
                    .hasMessageContaining("Configured finders: both, a");
        }
    }

    @Test
    void aClassThatIsNoKindIsRefusedListingTheKinds() {
        try (TangoRuntime runtime = runtime("model_management: {}")) {
            FactoryContext context = runtime.factoryContext();

            assertThatThrownBy(() -> context.component(TangoComponent.class, "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("io.tango.api.TangoComponent is not a component kind; the kinds are ModelFinder, "
                            + "ModelInitializer, ModelTrainer, JobPredictor, DeploymentClient, ModelRegistryConnector, "
                            + "ModelServerProxy");
        }
    }

    @Test
    void outsideARuntimeNoInstanceCanBeReached() {
        assertThatThrownBy(() -> FactoryContext.none().component(ModelFinder.class, "a"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("no ModelFinder named 'a' can be reached: this component was created outside a "
                        + "TANGO runtime");
        assertThat(FactoryContext.none().instanceNames(ModelFinder.class)).isEmpty();
    }
}
