package io.tango.plugin.devo.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile and malformed input to the client never escapes as anything but its typed errors: profile files (INI text,
 * and bytes that are not UTF-8) are read or refused with a {@link ProfileException} that never shows the token, and
 * model records with any name, engine and content are written inside the download folder or refused. 17,000 cases.
 */
class HostileDevoInputPropertyTest {
    private static final String SECRET = "tok-SECRET-5e1f";

    private static Path root;
    private static Path profileFile;
    private static Path downloads;
    private static Path outside;
    private static ProfileReader reader;

    @BeforeContainer
    static void createFolders() throws IOException {
        root = Files.createTempDirectory("tango-devo-hostile-");
        Path cwd = Files.createDirectories(root.resolve("cwd"));
        Path home = Files.createDirectories(root.resolve("home"));
        profileFile = root.resolve("profiles.ini");
        downloads = Files.createDirectories(root.resolve("downloads"));
        outside = Files.createDirectories(root.resolve("outside"));
        reader = new ProfileReader(cwd, home);
    }

    @AfterContainer
    static void deleteFolders() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property(tries = 8_000)
    void aProfileFileIsReadOrRefusedWithAProfileErrorThatHidesTheToken(
            @ForAll("iniTexts") String text, @ForAll("profileNames") String profile) throws IOException {
        Files.writeString(profileFile, text, StandardCharsets.UTF_8);
        try {
            Profile read = reader.read(profile, Optional.of(profileFile.toString()));
            assertThat(read.url().getScheme()).isIn("http", "https");
            assertThat(read.token()).isNotEmpty();
            assertThat(read.toString()).doesNotContain(SECRET);
        } catch (ProfileException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
            assertThat(e.problems()).isNotEmpty();
        }
        try {
            reader.hasProfile(profile, Optional.of(profileFile.toString()));
        } catch (ProfileException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
        }
    }

    @Property(tries = 1_000)
    void bytesThatAreNotTextAreRefusedAsAProfileError(@ForAll("bytes") byte[] content) throws IOException {
        Files.write(profileFile, content);
        try {
            reader.read("dev", Optional.of(profileFile.toString()));
        } catch (ProfileException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
        }
    }

    @Example
    void aProfileWhoseReferencesMultiplyIsRefusedInsteadOfFillingTheHeap() throws IOException {
        StringBuilder text = new StringBuilder("[dev]\nurl = https://h.example.com\ntoken = t\na0 = x\n");
        for (int level = 1; level <= 9; level++) {
            text.append('a').append(level).append(" = ")
                    .append(("%(a" + (level - 1) + ")s").repeat(20)).append('\n');
        }
        text.append("download_path = %(a9)s\n");
        Files.writeString(profileFile, text);
        assertThatThrownBy(() -> reader.read("dev", Optional.of(profileFile.toString())))
                .isExactlyInstanceOf(ProfileException.class)
                .hasMessage("Invalid configuration: " + profileFile + "[dev]: value of 'download_path' in section 'dev'"
                        + " expands past 65536 characters");
    }

    @Property(tries = 4_000)
    void aModelFileIsWrittenInsideItsFolderOrRefused(
            @ForAll("names") String name, @ForAll("engines") String engine, @ForAll("images") Object image) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", name);
        model.put("engine", engine);
        model.put("image", image);
        try {
            Path file = new FileSystemDownloader(downloads, 4096).download(model);
            assertThat(file.getParent()).isEqualTo(downloads);
            Files.delete(file);
        } catch (ModelDownloadException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(root.toFile().list()).containsExactlyInAnyOrder("cwd", "home", "profiles.ini", "downloads", "outside");
        assertThat(outside.toFile().list()).isEmpty();
        assertThat(root.resolve("cwd").toFile().list()).isEmpty();
    }

    @Provide
    Arbitrary<String> profileNames() {
        return Arbitraries.oneOf(Arbitraries.of("dev", "prod", "DEFAULT", "Dev", ""),
                Arbitraries.strings().ofMaxLength(8));
    }

    @Provide
    Arbitrary<String> iniTexts() {
        Arbitrary<String> header = Arbitraries.oneOf(
                Arbitraries.of("[dev]", "[DEFAULT]", "[prod]", "[dev", "[]", "[ dev ]", "[[dev]]", "[dev] # c"),
                Arbitraries.strings().ofMaxLength(6).map(name -> "[" + name + "]"));
        Arbitrary<String> key = Arbitraries.oneOf(
                Arbitraries.of("url", "token", "auth_type", "download_path", "URL", "Token", "a", "b", ""),
                Arbitraries.strings().alpha().ofMaxLength(6));
        Arbitrary<String> separator = Arbitraries.of("=", " = ", ":", " : ", "==", "=:", " ");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("https://h.example.com/mm", "http://127.0.0.1:1/x", "not a url", "https://u:p@h.example.com",
                        "standalone", "bearer", "basic", "~/models", "~", "", "%%", "%", "%(url)s", "%(a)s", "%(b)s",
                        "%(download_path)s/x", "%(missing)s", "%(url", "%(a)s%(a)s%(b)s", "%(auth_type)s"),
                Arbitraries.strings().ofMaxLength(10));
        // The secret is only ever a token's value: a value written under another key is that key's value.
        Arbitrary<String> token = Combinators.combine(Arbitraries.of("token", "Token", "TOKEN"), separator,
                Arbitraries.strings().alpha().numeric().ofMaxLength(6)).as((k, s, suffix) -> k + s + SECRET + suffix);
        Arbitrary<String> pair = Arbitraries.oneOf(
                Combinators.combine(key.filter(k -> !k.equalsIgnoreCase("token")), separator, value)
                        .as((k, s, v) -> k + s + v),
                token);
        Arbitrary<String> line = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, header),
                net.jqwik.api.Tuple.of(6, pair),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("# comment", "; comment", "", "   ", "\t")),
                net.jqwik.api.Tuple.of(1, value.map(v -> "    " + v)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
        Arbitrary<String> newline = Arbitraries.of("\n", "\r\n", "\r");
        return Combinators.combine(line.list().ofMaxSize(12), newline).as((lines, nl) -> String.join(nl, lines));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64)
                .map(random -> {
                    byte[] withHeader = new byte[random.length + 6];
                    System.arraycopy("[dev]\n".getBytes(StandardCharsets.US_ASCII), 0, withHeader, 0, 6);
                    System.arraycopy(random, 0, withHeader, 6, random.length);
                    return withHeader;
                });
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of("../x", "/abs", "a/../../b", ".", "..", "a/b", "..\\x", "C:\\x", "\\\\server\\share",
                        "x\u0000y", "line\nbreak", " ", "churn", "CON", "nul", "~", "~/x", "%2e%2e%2fx", "..%2f",
                        "a".repeat(300), "model.onnx", ".hidden", "\u202Egnp.exe"),
                Arbitraries.strings().withChars("./\\:~ ab\u0000\n%").ofMaxLength(8),
                Arbitraries.strings().ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> engines() {
        return Arbitraries.oneOf(Arbitraries.of("ONNX", "H2O", "CatBoost", "MLSTATS", "", "/x", "../"),
                Arbitraries.strings().ofMaxLength(6));
    }

    @Provide
    Arbitrary<Object> images() {
        Arbitrary<Object> content = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(b -> (Object) Base64.getEncoder().encodeToString(b)),
                Arbitraries.just((Object) Base64.getEncoder().encodeToString(new byte[8192])),
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.of(1, true, List.of("a")).map(v -> (Object) v));
        return Arbitraries.oneOf(
                content.map(value -> {
                    Map<String, Object> image = new LinkedHashMap<>();
                    image.put("image", value);
                    return (Object) image;
                }),
                content,
                Arbitraries.just(null));
    }
}
