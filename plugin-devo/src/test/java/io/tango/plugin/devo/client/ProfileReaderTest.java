package io.tango.plugin.devo.client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Profiles: where they are looked for, what they hold, how they fail. (The fidelity test checks the same rules against
 * the Python client; this test pins the Java messages and types.)
 */
class ProfileReaderTest {
    private static final String DEV = "[dev]\nurl = https://dev.example.com/mm/\ntoken = dev-token\n"
            + "auth_type = bearer\ndownload_path = ~/models\n";

    @TempDir
    Path root;

    private Path cwd;
    private Path home;
    private ProfileReader reader;

    @BeforeEach
    void createDirectories() throws Exception {
        cwd = Files.createDirectories(root.resolve("cwd"));
        home = Files.createDirectories(root.resolve("home"));
        reader = new ProfileReader(cwd, home);
    }

    private Path write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void readsEveryAttribute() throws Exception {
        Path file = write(cwd.resolve("modelmanager.ini"), DEV);
        Profile profile = reader.read("dev");
        assertThat(profile.name()).isEqualTo("dev");
        assertThat(profile.source()).isEqualTo(file);
        assertThat(profile.url()).isEqualTo(URI.create("https://dev.example.com/mm"));
        assertThat(profile.token()).isEqualTo("dev-token");
        assertThat(profile.authType()).isEqualTo(AuthType.BEARER);
        assertThat(profile.downloadPath()).contains(home.resolve("models"));
    }

    @Test
    void looksInTheCurrentDirectoryBeforeTheHomeDirectory() throws Exception {
        Path inCwd = write(cwd.resolve("modelmanager.ini"), DEV);
        write(home.resolve("modelmanager.ini"), DEV);
        assertThat(reader.locate(Optional.empty())).isEqualTo(inCwd);
    }

    @Test
    void fallsBackToTheHomeDirectory() throws Exception {
        Path inHome = write(home.resolve("modelmanager.ini"), DEV);
        assertThat(reader.locate(Optional.empty())).isEqualTo(inHome);
    }

    @Test
    void looksInAGivenFolderFirst() throws Exception {
        write(cwd.resolve("modelmanager.ini"), DEV);
        Path given = write(root.resolve("team/modelmanager.ini"), DEV);
        assertThat(reader.locate(Optional.of(root.resolve("team").toString()))).isEqualTo(given);
    }

    @Test
    void readsAGivenFileRelativeToTheCurrentDirectory() throws Exception {
        Path file = write(cwd.resolve("conf/profiles.ini"), DEV);
        assertThat(reader.locate(Optional.of("conf/profiles.ini"))).isEqualTo(file);
    }

    @Test
    void looksForANamedFileInTheHomeDirectoryWhenItIsNotWhereNamed() throws Exception {
        Path inHome = write(home.resolve("profiles.ini"), DEV);
        assertThat(reader.locate(Optional.of("profiles.ini"))).isEqualTo(inHome);
    }

    @Test
    void expandsTheTildeToTheGivenHome() throws Exception {
        Path file = write(home.resolve("ml/profiles.ini"), DEV);
        assertThat(reader.locate(Optional.of("~/ml/profiles.ini"))).isEqualTo(file);
        assertThat(reader.resolvePath("~")).isEqualTo(home);
    }

    @Test
    void saysWhereItLookedWhenThereIsNoFile() {
        assertThatThrownBy(() -> reader.read("dev"))
                .isExactlyInstanceOf(ProfileException.class)
                .hasMessage("Invalid configuration: File 'modelmanager.ini' not found in paths: [" + cwd + ", " + home
                        + "]");
    }

    @Test
    void namesAMissingProfile() throws Exception {
        Path file = write(cwd.resolve("modelmanager.ini"), DEV);
        assertThatThrownBy(() -> reader.read("prod"))
                .isExactlyInstanceOf(ProfileException.class)
                .hasMessage("Invalid configuration: " + file + "[prod]: Missing profile 'prod'");
    }

    @Test
    void requiresTheUrl() throws Exception {
        Path file = write(cwd.resolve("modelmanager.ini"), "[dev]\ntoken = t\n");
        assertThatThrownBy(() -> reader.read("dev"))
                .isExactlyInstanceOf(ProfileValueRequiredException.class)
                .hasMessage("Invalid configuration: " + file + "[dev].url: required value 'url' is missing or empty");
    }

    @Test
    void requiresANonEmptyToken() throws Exception {
        write(cwd.resolve("modelmanager.ini"), "[dev]\nurl = https://h.example.com\ntoken =\n");
        assertThatThrownBy(() -> reader.read("dev"))
                .isExactlyInstanceOf(ProfileValueRequiredException.class)
                .satisfies(error -> assertThat(((ProfileValueRequiredException) error).attribute()).isEqualTo("token"));
    }

    @Test
    void rejectsAnUnknownAuthType() throws Exception {
        Path file = write(cwd.resolve("modelmanager.ini"), "[dev]\nurl = https://h.example.com\ntoken = t\n"
                + "auth_type = basic\n");
        assertThatThrownBy(() -> reader.read("dev"))
                .isExactlyInstanceOf(ProfileException.class)
                .hasMessage("Invalid configuration: " + file + "[dev].auth_type: Invalid auth type 'basic'");
    }

    @Test
    void rejectsAnInvalidUrl() throws Exception {
        Path file = write(cwd.resolve("modelmanager.ini"), "[dev]\nurl = not-a-url\ntoken = t\n");
        assertThatThrownBy(() -> reader.read("dev"))
                .isExactlyInstanceOf(ProfileException.class)
                .hasMessage("Invalid configuration: " + file + "[dev].url: Invalid url: 'not-a-url'");
    }

    @Test
    void acceptsColonsAsSeparators() throws Exception {
        write(cwd.resolve("modelmanager.ini"), "[dev]\nurl: https://h.example.com\ntoken: t:1\n");
        Profile profile = reader.read("dev");
        assertThat(profile.url()).isEqualTo(URI.create("https://h.example.com"));
        assertThat(profile.token()).isEqualTo("t:1");
        assertThat(profile.authType()).isEqualTo(AuthType.STANDALONE);
        assertThat(profile.downloadPath()).isEmpty();
    }

    @Test
    void rejectsADuplicateSectionWithoutQuotingValues() throws Exception {
        Path file = write(cwd.resolve("modelmanager.ini"), DEV + DEV);
        assertThatThrownBy(() -> reader.read("dev"))
                .isExactlyInstanceOf(ProfileException.class)
                .hasMessage("Invalid configuration: " + file + ": section 'dev' already exists (line 6)");
    }

    @Test
    void rejectsADuplicateKey() throws Exception {
        Path file = write(cwd.resolve("modelmanager.ini"), "[dev]\ntoken = a\nTOKEN = b\nurl = https://h.example.com\n");
        assertThatThrownBy(() -> reader.read("dev"))
                .isExactlyInstanceOf(ProfileException.class)
                .hasMessage("Invalid configuration: " + file + ": option 'token' in section 'dev' already exists"
                        + " (line 3)");
    }

    @Test
    void tellsWhetherAProfileExists() throws Exception {
        assertThat(reader.hasProfile("dev", Optional.empty())).isFalse();
        write(cwd.resolve("modelmanager.ini"), DEV);
        assertThat(reader.hasProfile("dev", Optional.empty())).isTrue();
        assertThat(reader.hasProfile("prod", Optional.empty())).isFalse();
    }

    @Test
    void neverShowsTheTokenOfAProfile() throws Exception {
        write(cwd.resolve("modelmanager.ini"), DEV);
        assertThat(reader.read("dev").toString()).doesNotContain("dev-token").contains("token=****");
    }
}
