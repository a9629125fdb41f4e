package io.tango.bench.spark;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tango.bench.model.TinyOnnxModel;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;
import scala.collection.immutable.ArraySeq;

import java.io.Serial;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The limit of the Spark phase: a hand-written {@code mapPartitions} function that scores {@link TinyOnnxModel} with
 * ONNX Runtime's Java API directly, nothing between Spark's rows and {@code OrtSession.run}. It groups a partition's
 * rows into batches of the same size as TANGO's, copies each batch's feature arrays (the input column, four floats a
 * row) into one direct {@code [n, 4]} float buffer (ONNX Runtime reads a direct buffer in place), runs the session and
 * emits each input row with the prediction appended, in order: as a float column {@value #OUTPUT} ({@link Output#FLOAT},
 * what a hand-written job would do), or in TANGO's output type for this model ({@link Output#TANGO_STRUCT}), to tell
 * how much of a difference is Spark encoding TANGO's output. Lazy: one batch in memory at a time.
 *
 * <p>One session per model file and JVM, created on first use with plugin-local's session options (1 intra-op and 1
 * inter-op thread, sequential) and shared by the JVM's tasks, as TANGO shares one loaded model per executor; ONNX
 * Runtime's {@code run} is safe for concurrent use. {@link #closeSessions()} closes them (the bench driver calls it
 * at the end).
 */
public final class DirectOnnxPartitions implements MapPartitionsFunction<Row, Row> {
    /** The name of the appended float prediction column. */
    public static final String OUTPUT = "y";
    /** The name of the appended struct column, as TANGO's default output layout names it. */
    public static final String STRUCT_OUTPUT = "prediction";

    /** How the prediction is appended to each row. */
    public enum Output {
        /** A float column {@value DirectOnnxPartitions#OUTPUT}. */
        FLOAT,
        /**
         * TANGO's output for this model: a struct column {@value DirectOnnxPartitions#STRUCT_OUTPUT} of the type
         * {@code TangoScorer.outputType()} gives, whose one field {@code y} is a float or an array of one float.
         */
        TANGO_STRUCT
    }

    @Serial
    private static final long serialVersionUID = 1L;
    private static final Map<String, OrtSession> SESSIONS = new ConcurrentHashMap<>();
    private static final int WIDTH = TinyOnnxModel.COLUMNS.size();

    private final String modelFile;
    private final int inputIndex;
    private final int batchSize;
    private final Output output;
    private final boolean arrayField;

    /**
     * @param modelFile the {@code .onnx} file, present on every executor (local mode: the driver's file)
     * @param inputIndex the index of the input column, an array of the four features
     * @param batchSize rows per {@code OrtSession.run}
     * @param output how the prediction is appended
     * @param struct for {@link Output#TANGO_STRUCT}, the struct's type ({@code TangoScorer.outputType()}); else null
     */
    public DirectOnnxPartitions(String modelFile, int inputIndex, int batchSize, Output output, StructType struct) {
        this.modelFile = requireNonNull(modelFile, "modelFile is null");
        this.output = requireNonNull(output, "output is null");
        if (output == Output.TANGO_STRUCT) {
            requireNonNull(struct, "struct is null");
            if (struct.fields().length != 1) {
                throw new IllegalArgumentException("expected a struct of one field, got " + struct.simpleString());
            }
            this.arrayField = struct.fields()[0].dataType() instanceof ArrayType;
        } else {
            this.arrayField = false;
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        this.inputIndex = inputIndex;
        this.batchSize = batchSize;
    }

    /**
     * @param input the input's schema
     * @param output how the prediction is appended
     * @param struct for {@link Output#TANGO_STRUCT}, the struct's type; else null
     * @return the input's columns and the prediction column
     */
    public static StructType outputSchema(StructType input, Output output, StructType struct) {
        requireNonNull(input, "input is null");
        return switch (requireNonNull(output, "output is null")) {
            case FLOAT -> input.add(OUTPUT, DataTypes.FloatType, false);
            case TANGO_STRUCT -> input.add(STRUCT_OUTPUT, requireNonNull(struct, "struct is null"), true);
        };
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws OrtException {
        return new Batches(rows, session(modelFile));
    }

    /** Closes every session this JVM created. */
    public static void closeSessions() {
        for (String file : List.copyOf(SESSIONS.keySet())) {
            OrtSession session = SESSIONS.remove(file);
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException e) {
                    throw new IllegalStateException("cannot close the ONNX Runtime session of " + file, e);
                }
            }
        }
    }

    private static OrtSession session(String file) throws OrtException {
        OrtSession session = SESSIONS.get(file);
        if (session != null) {
            return session;
        }
        synchronized (SESSIONS) {
            session = SESSIONS.get(file);
            if (session == null) {
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setIntraOpNumThreads(1);
                    options.setInterOpNumThreads(1);
                    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                    session = OrtEnvironment.getEnvironment().createSession(file, options);
                }
                SESSIONS.put(file, session);
            }
            return session;
        }
    }

    /** The lazy output of one partition: fills a batch when the previous one is used up. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final OrtSession session;
        private final Row[] batch = new Row[batchSize];
        private final FloatBuffer features = ByteBuffer.allocateDirect(batchSize * WIDTH * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        private final float[] predictions = new float[batchSize];
        private int size;
        private int next;

        Batches(Iterator<Row> rows, OrtSession session) {
            this.rows = rows;
            this.session = session;
        }

        @Override
        public boolean hasNext() {
            if (next < size) {
                return true;
            }
            fill();
            return size > 0;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more rows in this partition");
            }
            Row row = batch[next];
            batch[next] = null;
            Object[] values = new Object[row.length() + 1];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            float prediction = predictions[next++];
            if (output == Output.FLOAT) {
                values[row.length()] = prediction;
            } else {
                values[row.length()] = RowFactory.create(
                        arrayField ? ArraySeq.unsafeWrapArray(new Object[] {prediction}) : prediction);
            }
            return RowFactory.create(values);
        }

        private void fill() {
            size = 0;
            next = 0;
            features.clear();
            while (size < batchSize && rows.hasNext()) {
                Row row = rows.next();
                Seq<?> values = row.getSeq(inputIndex);
                for (int i = 0; i < WIDTH; i++) {
                    features.put(((Number) values.apply(i)).floatValue());
                }
                batch[size++] = row;
            }
            if (size == 0) {
                return;
            }
            features.flip();
            long[] shape = {size, WIDTH};
            try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), features, shape);
                    OrtSession.Result result = session.run(Map.of(TinyOnnxModel.INPUT, input))) {
                ((OnnxTensor) result.get(0)).getFloatBuffer().get(predictions, 0, size);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on a batch of " + size + " rows", e);
            }
        }
    }
}
