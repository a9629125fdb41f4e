package io.tango.runtime;

import io.tango.api.InvalidConfigException;
import io.tango.api.ModelFinder;
import io.tango.api.NotFoundException;
import io.tango.runtime.testing.TestFinder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TangoRuntimeTest {
    private static final String TWO_FINDERS = """
            model_management:
              finders:
                first: {type: TEST, config: {root: /a}}
                second: {type: TEST, config: {root: /b}}
            """;

    private static TangoRuntime runtime(String yaml) {
        return TangoRuntime.builder().configYaml(yaml).environment(Map.of()).build();
    }

    @Test
    void buildsAnInstanceOnceAndReturnsItAgain() {
        try (TangoRuntime runtime = runtime(TWO_FINDERS)) {
            assertThat(runtime.finder("first")).isSameAs(runtime.finder("first"));
            assertThat(runtime.finder("first")).isNotSameAs(runtime.finder("second"));
        }
    }

    @Test
    void keepsTwoRuntimesIndependent() {
        try (TangoRuntime one = runtime(TWO_FINDERS); TangoRuntime two = runtime(TWO_FINDERS)) {
            ModelFinder fromOne = one.finder("first");
            assertThat(two.finder("first")).isNotSameAs(fromOne);
            two.close();
            assertThat(((TestFinder) fromOne).closedAt()).isZero();
        }
    }

    @Test
    void closesInstancesNewestFirst() {
        TestFinder first;
        TestFinder second;
        try (TangoRuntime runtime = runtime(TWO_FINDERS)) {
            first = (TestFinder) runtime.finder("first");
            second = (TestFinder) runtime.finder("second");
        }
        assertThat(second.closedAt()).isPositive().isLessThan(first.closedAt());
    }

    @Test
    void refusesCallsAfterClose() {
        TangoRuntime runtime = runtime(TWO_FINDERS);
        runtime.close();
        assertThatThrownBy(() -> runtime.finder("first"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the TANGO runtime is closed");
    }

    @Test
    void namesTheConfiguredInstancesWhenAskedForAnother() {
        try (TangoRuntime runtime = runtime(TWO_FINDERS)) {
            assertThatThrownBy(() -> runtime.finder("frist"))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("Invalid configuration: model_management.finders.frist: no finder named 'frist' is configured."
                            + " Did you mean 'first'? Configured finders: first, second");
        }
    }

    @Test
    void resolvesADeploymentTargetByBareNameOrScheme() {
        try (TangoRuntime runtime = runtime("{}")) {
            assertThat(runtime.deploymentClient("test").target()).isEqualTo("test");
            assertThat(runtime.deploymentClient("test:/anything/here")).isSameAs(runtime.deploymentClient("test"));
        }
    }

    @Test
    void listsTheKnownTargetsForAnUnknownOne() {
        try (TangoRuntime runtime = runtime("{}")) {
            assertThatThrownBy(() -> runtime.deploymentClient("tset:/x"))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("no deployment target 'tset'. Did you mean 'test'? Known targets: test");
        }
    }

    @Test
    void doesNotBuildAnythingUntilAsked() {
        try (TangoRuntime runtime = runtime("""
                model_management:
                  finders:
                    broken: {type: TEST, config: {root: /a}}
                """)) {
            assertThat(runtime.instanceNames(ComponentKind.FINDER)).containsExactly("broken");
            assertThat(runtime.pluginReport().providers()).extracting(p -> p.type().orElse(""))
                    .contains("TEST", "MULTI", "test");
        }
    }
}
