package io.tango.bench.model;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/** What the bench's hand-built ONNX models share: a float {@code [batch, width]} value and writing the file. */
final class OnnxFiles {
    private OnnxFiles() {}

    /**
     * @param file where to write; its folder is created
     * @param model the serialized model
     * @return {@code file}
     */
    static Path write(Path file, byte[] model) {
        requireNonNull(file, "file is null");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, model);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + file, e);
        }
    }

    /** A FLOAT value of shape {@code [batch, width]}, the batch dimension named {@code batch}. */
    static ValueInfoProto floatRows(String name, String batch, long width) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(TensorShapeProto.newBuilder()
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch))
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)))))
                .build();
    }
}
