package io.tango.plugin.mlflow.model;

import io.tango.api.ModelKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MlflowModelUriTest {
    @Test
    void parsesAVersion() {
        assertThat(MlflowModelUri.parse(ModelKey.of("models:/iris/3")))
                .contains(new MlflowModelUri.ByVersion("iris", "3"));
    }

    @Test
    void parsesAnAlias() {
        assertThat(MlflowModelUri.parse("models:/iris@champion")).contains(new MlflowModelUri.ByAlias("iris", "champion"));
    }

    @Test
    void parsesLatestInAnyCase() {
        assertThat(MlflowModelUri.parse("models:/iris/Latest")).contains(new MlflowModelUri.Latest("iris"));
    }

    @Test
    void parsesALoggedModelId() {
        assertThat(MlflowModelUri.parse("models:/m-0123abcd")).contains(new MlflowModelUri.LoggedModel("m-0123abcd"));
    }

    @Test
    void parsesARunPath() {
        assertThat(MlflowModelUri.parse("runs:/0a1b2c/nested/model/"))
                .contains(new MlflowModelUri.RunArtifact("0a1b2c", "nested/model"));
    }

    @Test
    void writesEachFormBack() {
        for (String uri : new String[] {"models:/iris/3", "models:/iris@champion", "models:/iris/latest",
                "models:/m-0123abcd", "runs:/0a1b2c/nested/model"}) {
            assertThat(MlflowModelUri.parse(uri).orElseThrow().uri()).isEqualTo(uri);
        }
    }

    @Test
    void doesNotUnderstandOtherForms() {
        for (String key : new String[] {"iris/3", "iris@latest", "models:/iris/Production", "models:/iris/0",
                "models:/iris", "runs:/0a1b2c", "runs:/0a1b2c/", "runs:/0a1b2c/../other", "deepaas://127.0.0.1:5000/demo", "models:/a/b/c"}) {
            assertThat(MlflowModelUri.parse(key)).as(key).isEmpty();
        }
    }
}
