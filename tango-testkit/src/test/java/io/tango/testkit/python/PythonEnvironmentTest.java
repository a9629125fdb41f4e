package io.tango.testkit.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests {@link PythonEnvironment} against the real {@code python3}. Environments are built in a temporary cache, except
 * the shared empty one ({@code plain}), which lives in the default cache like a plugin test's would.
 */
class PythonEnvironmentTest {

    private static final String HINT = "python3 (3.9+) with the venv module is required for these tests: on"
            + " Debian/Ubuntu `apt-get install python3 python3-venv`; or set TANGO_PYTHON to a Python 3.9+ interpreter";

    @TempDir
    Path cache;

    @Test
    void ensureBuildsOnceAndThenReusesTheEnvironment() throws IOException {
        PythonEnvironment first = PythonEnvironment.builder("reuse").requirements(List.of("six==1.17.0"))
                .cacheRoot(cache).ensure();
        String marker = Files.readString(first.marker());
        FileTime markerTime = Files.getLastModifiedTime(first.marker());
        String log = Files.readString(first.installLog());

        PythonEnvironment second = PythonEnvironment.builder("reuse").requirements(List.of("six==1.17.0"))
                .cacheRoot(cache).ensure();

        assertThat(first.builtNow()).isTrue();
        assertThat(second.builtNow()).isFalse();
        assertThat(second.home()).isEqualTo(first.home());
        assertThat(Files.readString(second.marker())).isEqualTo(marker);
        assertThat(Files.getLastModifiedTime(second.marker())).isEqualTo(markerTime);
        assertThat(Files.readString(second.installLog())).isEqualTo(log);
        assertThat(log).contains(" -m pip install --disable-pip-version-check --no-input -q -r ");
        assertThat(marker).contains("requirement=six==1.17.0");
        assertThat(second.run(List.of("-c", "import six; print(six.__version__)"), Duration.ofMinutes(1)))
                .isEqualTo(new ProcessResult(0, "1.17.0\n"));
    }

    @Test
    void environmentDirectoryIsNamedAfterTheNameAndAShortKey() {
        PythonEnvironment env = PythonEnvironment.builder("named").cacheRoot(cache).ensure();

        assertThat(env.home().getParent()).isEqualTo(cache);
        assertThat(env.home().getFileName().toString()).matches("named-[0-9a-f]{12}");
        assertThat(cache.resolve(env.home().getFileName() + ".lock")).isRegularFile();
        assertThat(env.python()).isEqualTo(env.home().resolve("bin/python")).isExecutable();
    }

    @Test
    void requirementOrderDoesNotChangeTheDirectory() {
        Path ab = PythonEnvironment.builder("order").requirements(List.of("a==1", "b==2")).cacheRoot(cache).directory();
        Path ba = PythonEnvironment.builder("order").requirements(List.of("b==2", "a==1")).cacheRoot(cache).directory();
        Path other = PythonEnvironment.builder("order").requirements(List.of("a==1", "b==3")).cacheRoot(cache)
                .directory();

        assertThat(ba).isEqualTo(ab);
        assertThat(other).isNotEqualTo(ab);
    }

    @Test
    void brokenRequirementFailsWithTheCommandExitCodeAndPipLogTail() {
        PythonEnvironment.Builder builder = PythonEnvironment.builder("broken")
                .requirements(List.of("six==0.0.999")).cacheRoot(cache);
        Path home = builder.directory();

        assertThatThrownBy(builder::ensure)
                .isInstanceOf(PythonHarnessException.class)
                .hasMessageStartingWith("pip failed (exit code 1): " + home.resolve("bin/python")
                        + " -m pip install --disable-pip-version-check --no-input -q -r "
                        + home.resolve(PythonEnvironment.REQUIREMENTS_FILE) + "\nlast 40 lines of "
                        + home.resolve(PythonEnvironment.INSTALL_LOG_FILE) + ":\n")
                .hasMessageContaining("ERROR: No matching distribution found for six==0.0.999");
        assertThat(home.resolve(PythonEnvironment.MARKER_FILE)).doesNotExist();
    }

    @Test
    void directoryWithoutMarkerIsDeletedAndRebuilt() throws IOException {
        PythonEnvironment built = PythonEnvironment.builder("rebuild").cacheRoot(cache).ensure();
        Files.delete(built.marker());
        Path leftover = Files.writeString(built.home().resolve("leftover.txt"), "from a killed build");

        PythonEnvironment rebuilt = PythonEnvironment.builder("rebuild").cacheRoot(cache).ensure();

        assertThat(rebuilt.builtNow()).isTrue();
        assertThat(rebuilt.home()).isEqualTo(built.home());
        assertThat(leftover).doesNotExist();
        assertThat(rebuilt.marker()).isRegularFile();
    }

    @Test
    void concurrentEnsureBuildsOnlyOnce() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<PythonEnvironment>> results = Stream.generate(() -> CompletableFuture.supplyAsync(
                    () -> {
                        awaitQuietly(start);
                        return PythonEnvironment.builder("concurrent").cacheRoot(cache).ensure();
                    }, executor)).limit(2).toList();
            start.countDown();
            List<PythonEnvironment> environments = results.stream().map(CompletableFuture::join).toList();

            assertThat(environments).extracting(PythonEnvironment::builtNow).containsExactlyInAnyOrder(true, false);
            assertThat(environments.get(0).home()).isEqualTo(environments.get(1).home());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void localPackageIsInstalled() throws IOException, URISyntaxException {
        Path pkg = copyFixturePackage();

        PythonEnvironment env = PythonEnvironment.ensure("local", List.of(), List.of(pkg));

        assertThat(env.run(List.of("-c", "import tango_fixture; print(tango_fixture.VALUE)"), Duration.ofMinutes(1)))
                .isEqualTo(new ProcessResult(0, "tango-fixture-ok\n"));
        assertThat(Files.readString(env.marker())).contains("local-package=tango-fixture-pkg sha256:");
    }

    @Test
    void localPackageContentButNotItsBuildOutputTakesPartInTheKey() throws IOException, URISyntaxException {
        Path pkg = copyFixturePackage();
        Path before = PythonEnvironment.builder("key").localPackage(pkg).cacheRoot(cache).directory();

        Files.createDirectories(pkg.resolve("build/lib"));
        Files.writeString(pkg.resolve("build/lib/x.py"), "x = 1\n");
        Files.createDirectories(pkg.resolve("tango_fixture.egg-info"));
        Files.writeString(pkg.resolve("tango_fixture.egg-info/PKG-INFO"), "Name: tango-fixture\n");
        Path withBuildOutput = PythonEnvironment.builder("key").localPackage(pkg).cacheRoot(cache).directory();

        Files.writeString(pkg.resolve("tango_fixture/__init__.py"), "VALUE = 'changed'\n");
        Path afterEdit = PythonEnvironment.builder("key").localPackage(pkg).cacheRoot(cache).directory();

        assertThat(withBuildOutput).isEqualTo(before);
        assertThat(afterEdit).isNotEqualTo(before);
    }

    @Test
    void missingLocalPackageFails() {
        Path missing = cache.resolve("no-such-package");

        assertThatThrownBy(() -> PythonEnvironment.builder("missing").localPackage(missing).cacheRoot(cache).ensure())
                .isInstanceOf(PythonHarnessException.class)
                .hasMessage("local package " + missing + " does not exist");
    }

    @Test
    void missingPythonFailsWithWhatToInstall() {
        PythonEnvironment.Builder builder = PythonEnvironment.builder("nopython").python("/nonexistent/python3")
                .cacheRoot(cache);

        assertThatThrownBy(builder::ensure)
                .isInstanceOf(PythonHarnessException.class)
                .hasMessageStartingWith("cannot run Python interpreter '/nonexistent/python3' (cannot start"
                        + " /nonexistent/python3 -c ")
                .hasMessageEndingWith("). " + HINT);
    }

    @Test
    void pythonWithoutVenvModuleFailsWithWhatToInstall() throws IOException {
        Path fake = fakePython("3 11", "venv-missing No module named 'ensurepip'");

        assertThatThrownBy(() -> PythonEnvironment.builder("novenv").python(fake.toString()).cacheRoot(cache).ensure())
                .isInstanceOf(PythonHarnessException.class)
                .hasMessage("Python interpreter '" + fake + "' has no venv module (venv-missing No module named"
                        + " 'ensurepip'). " + HINT);
    }

    @Test
    void pythonOlderThan39FailsWithWhatToInstall() throws IOException {
        Path fake = fakePython("3 8", "venv-ok");

        assertThatThrownBy(() -> PythonEnvironment.builder("old").python(fake.toString()).cacheRoot(cache).ensure())
                .isInstanceOf(PythonHarnessException.class)
                .hasMessage("Python interpreter '" + fake + "' is version 3.8. " + HINT);
    }

    @Test
    void runReturnsExitCodeAndCombinedOutput() {
        PythonEnvironment env = PythonEnvironment.ensure("plain", List.of());

        ProcessResult result = env.run(List.of("-c", "import sys; print('out'); sys.stdout.flush();"
                + " print('err', file=sys.stderr); sys.exit(3)"), Duration.ofMinutes(1));

        assertThat(result).isEqualTo(new ProcessResult(3, "out\nerr\n"));
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void runPassesEnvironmentAndActivatesTheEnvironment() {
        PythonEnvironment env = PythonEnvironment.ensure("plain", List.of());

        ProcessResult result = env.run(List.of("-c", "import os; print(os.environ['TANGO_X'], os.environ['VIRTUAL_ENV'])"),
                Map.of("TANGO_X", "42"), Duration.ofMinutes(1));

        assertThat(result).isEqualTo(new ProcessResult(0, "42 " + env.home() + "\n"));
    }

    @Test
    void runThatDoesNotFinishInTimeIsKilled() {
        PythonEnvironment env = PythonEnvironment.ensure("plain", List.of());

        assertThatThrownBy(() -> env.run(List.of("-c", "import time; print('started', flush=True); time.sleep(60)"),
                Duration.ofSeconds(2)))
                .isInstanceOf(PythonHarnessException.class)
                .hasMessageStartingWith("command did not finish within PT2S: " + env.python() + " -c import time;")
                .hasMessageEndingWith(":\nstarted");
    }

    @Test
    void binResolvesInstalledScriptsAndRejectsOthers() {
        PythonEnvironment env = PythonEnvironment.ensure("plain", List.of());

        assertThat(env.bin("python3")).isEqualTo(env.home().resolve("bin/python3"));
        assertThatThrownBy(() -> env.bin("mlflow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no script 'mlflow' in " + env.home().resolve("bin"));
    }

    @Test
    void cacheRootComesFromTangoVenvCacheThenXdgThenHome() {
        assertThat(PythonEnvironment.defaultCacheRoot(Map.of("TANGO_VENV_CACHE", "/c/v", "XDG_CACHE_HOME", "/x"),
                "/home/u")).isEqualTo(Path.of("/c/v"));
        assertThat(PythonEnvironment.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "/x"), "/home/u"))
                .isEqualTo(Path.of("/x/tango/venvs"));
        assertThat(PythonEnvironment.defaultCacheRoot(Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.cache/tango/venvs"));
    }

    @Test
    void malformedNameIsRejected() {
        assertThatThrownBy(() -> PythonEnvironment.builder("../x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment name must match [A-Za-z0-9][A-Za-z0-9._-]*: '../x'");
    }

    private Path copyFixturePackage() throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource("/python/tango-fixture-pkg/pyproject.toml").toURI()).getParent();
        Path target = cache.resolve("src/tango-fixture-pkg");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    /** Writes a shell script that answers the harness's probe like a Python interpreter would. */
    private Path fakePython(String versionLine, String venvLine) throws IOException {
        Path script = cache.resolve("fake-python");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' '" + versionLine + "' 'fake version' '" + script
                + "' \"" + venvLine + "\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("start latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
