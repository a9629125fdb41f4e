package io.tango.bench.jmh;

import io.tango.bench.model.TinyOnnxModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What every benchmark checks before it measures: that the thing measured gives the right answer. */
final class Checks {
    private Checks() {}

    static void expectPrediction(float actual, String path) {
        float expected = TinyOnnxModel.expected();
        if (Math.abs(actual - expected) > 1e-4f) {
            throw new IllegalStateException(path + " predicted " + actual + ", expected " + expected);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
