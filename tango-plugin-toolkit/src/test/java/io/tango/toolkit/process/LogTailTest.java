package io.tango.toolkit.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {
    @TempDir
    Path folder;

    @Test
    void givesTheLastNonBlankLines() throws IOException {
        Path log = Files.writeString(folder.resolve("server.log"), "one\ntwo\n\nthree\r\nfour\n");

        assertThat(LogTail.read(log, 2, 1024)).isEqualTo("three\nfour");
    }

    @Test
    void readsNoMoreThanMaxBytesFromTheEnd() throws IOException {
        Path log = Files.writeString(folder.resolve("server.log"), "first line\nlast\n", StandardCharsets.UTF_8);

        assertThat(LogTail.read(log, 10, 5)).isEqualTo("last");
    }

    @Test
    void saysSoWhenThereIsNoLog() {
        Path missing = folder.resolve("missing.log");

        assertThat(LogTail.read(missing, 10, 1024)).isEqualTo("(no log at " + missing + ")");
    }

    @Test
    void saysSoWhenTheLogHasOnlyBlankLines() throws IOException {
        Path log = Files.writeString(folder.resolve("server.log"), "\n  \n");

        assertThat(LogTail.read(log, 10, 1024)).isEqualTo("(the log " + log + " is empty)");
    }
}
