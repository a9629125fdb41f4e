package io.tango.testkit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonHarnessException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link StandaloneCluster} fails: loudly, saying where it looked and what the daemon logged. */
class StandaloneClusterFailureTest {

    @TempDir
    Path folder;

    @Test
    void anEnvironmentWithoutPysparkHasNoSparkHome() {
        PythonEnvironment plain = PythonEnvironment.ensure("plain", List.of());

        assertThatThrownBy(() -> StandaloneCluster.sparkHome(plain))
                .isInstanceOf(PythonHarnessException.class)
                .hasMessage("no pyspark/bin/spark-class under " + plain.home().resolve("lib")
                        + "/*/site-packages of environment " + plain);
    }

    @Test
    void aMasterThatExitsFailsTheStartWithItsLogTail() throws Exception {
        Path sparkHome = Files.createDirectories(folder.resolve("spark/bin"));
        Path sparkClass = Files.writeString(sparkHome.resolve("spark-class"),
                "#!/bin/sh\necho \"no Spark here: $1\"\nexit 3\n");
        Files.setPosixFilePermissions(sparkClass, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> StandaloneCluster.start(folder.resolve("spark"), folder.resolve("work")))
                .isInstanceOf(PythonHarnessException.class)
                .hasMessageStartingWith("process 'spark-master' (pid ")
                .hasMessageContaining(") exited with code 3 before answering HTTP 200 at http://127.0.0.1:")
                .hasMessageEndingWith(":\nno Spark here: org.apache.spark.deploy.master.Master");
        try (Stream<Path> logs = Files.list(folder.resolve("work/logs"))) {
            assertThat(logs.map(log -> log.getFileName().toString())).singleElement(STRING)
                    .startsWith("spark-master-");
        }
    }
}
