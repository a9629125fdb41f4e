package io.tango.plugin.local;

import io.tango.plugin.local.store.ModelManifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Model folders a malicious or careless source could leave on disk, under {@code <root>/hostile}, and a folder
 * {@code <root>/outside} holding a file they all try to reach: an artifact linked out of its folder, artifact names
 * with {@code ..} and absolute paths, a corrupt descriptor, and one link to a folder out of the tree.
 */
final class HostilePaths {
    static final byte[] OUTSIDE_CONTENT = Fixtures.linearOnnx(new float[] {9f}, 9f);

    private HostilePaths() {}

    static void create(Path root) throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Path secret = Files.write(outside.resolve("secret.onnx"), OUTSIDE_CONTENT);
        Path hostile = Files.createDirectories(root.resolve("hostile"));

        Path linkedStoreVersion = Files.createDirectories(hostile.resolve("store-version-linked"));
        Files.write(linkedStoreVersion.resolve(ModelManifest.FILE_NAME), manifest("model.onnx"));
        Files.createSymbolicLink(linkedStoreVersion.resolve("model.onnx"), secret);

        Path escapingStoreVersion = Files.createDirectories(hostile.resolve("store-version-dotdot"));
        Files.write(escapingStoreVersion.resolve(ModelManifest.FILE_NAME), manifest("../../outside/secret.onnx"));

        Path absoluteStoreVersion = Files.createDirectories(hostile.resolve("store-version-absolute"));
        Files.write(absoluteStoreVersion.resolve(ModelManifest.FILE_NAME), manifest(secret.toString()));

        Path linkedMlflow = Files.createDirectories(hostile.resolve("mlflow-linked"));
        Files.writeString(linkedMlflow.resolve("MLmodel"), "flavors:\n  onnx:\n    data: model.onnx\n");
        Files.createSymbolicLink(linkedMlflow.resolve("model.onnx"), secret);

        Path escapingMlflow = Files.createDirectories(hostile.resolve("mlflow-dotdot"));
        Files.writeString(escapingMlflow.resolve("MLmodel"), "flavors:\n  onnx:\n    data: ../../outside/secret.onnx\n");

        Path linkedFolder = Files.createDirectories(hostile.resolve("folder-linked"));
        Files.createSymbolicLink(linkedFolder.resolve("only.onnx"), secret);

        Path corrupt = Files.createDirectories(hostile.resolve("store-version-corrupt"));
        Files.writeString(corrupt.resolve(ModelManifest.FILE_NAME), "{\"format_version\": 1, \"name\": ");

        Files.createSymbolicLink(hostile.resolve("link-to-outside"), outside);
        Files.writeString(outside.resolve("marker"), "untouched");
    }

    /** @return keys that point at the hostile folders, as paths, {@code file:} URIs and with {@code ..} */
    static String[] keys(Path root) {
        Path hostile = root.resolve("hostile");
        List<String> names = List.of("store-version-linked", "store-version-dotdot", "store-version-absolute",
                "mlflow-linked", "mlflow-dotdot", "folder-linked", "store-version-corrupt", "link-to-outside",
                "link-to-outside/secret.onnx", "missing");
        return names.stream()
                .flatMap(name -> java.util.stream.Stream.of(
                        hostile.resolve(name).toString(),
                        hostile.resolve(name).toUri().toString(),
                        hostile.resolve("..").resolve("hostile").resolve(name).toString()))
                .toArray(String[]::new);
    }

    /** @return whether the outside folder still holds exactly its two files, unchanged */
    static boolean outsideIsUntouched(Path root) {
        Path outside = root.resolve("outside");
        try {
            String[] names = outside.toFile().list();
            Arrays.sort(names);
            return Arrays.equals(names, new String[] {"marker", "secret.onnx"})
                    && Arrays.equals(Files.readAllBytes(outside.resolve("secret.onnx")), OUTSIDE_CONTENT)
                    && Files.readString(outside.resolve("marker")).equals("untouched");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] manifest(String artifact) {
        return ("{\"format_version\": 1, \"name\": \"evil\", \"version\": \"1\", \"engine\": \"onnx\", \"artifact\": \""
                + artifact.replace("\\", "\\\\") + "\", \"created\": \"2026-01-01T00:00:00Z\", \"metadata\": {}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
