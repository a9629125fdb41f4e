package io.tango.spark;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.util.Arrays;
import java.util.List;

/** Conversions between the values Spark hands out for a row (Scala sequences, boxed numbers) and plain Java ones. */
final class Columns {
    private Columns() {}

    /**
     * @param value an array column's value (see {@link #list})
     * @return its elements, to read only: Spark's own array behind the value, or the Java array, without a copy; the
     *     elements of another sequence or list copied; null if the value is not an array
     */
    static Object[] elements(Object value) {
        // Tested first, against their classes: the sequences over an array that Spark's rows hold for an array column
        // (mutable) and hand out from getSeq (immutable). Testing a value against an interface (Seq, List) makes the
        // JVM scan the many interfaces of a Scala collection's class, for every value.
        Object array = value instanceof scala.collection.mutable.ArraySeq<?> seq ? seq.array()
                : value instanceof scala.collection.immutable.ArraySeq<?> seq ? seq.unsafeArray() : value;
        if (array instanceof Object[] elements) {
            return elements;
        }
        return isList(value) ? list(value).toArray() : null;
    }

    /** @return whether {@link #list} takes the value */
    static boolean isList(Object value) {
        return value instanceof List<?> || value instanceof scala.collection.Seq<?> || value instanceof Object[];
    }

    /**
     * @param value an array column's value: a Scala sequence, a Java list or a Java array
     * @return it as a Java list
     * @throws IllegalArgumentException if it is none of these
     */
    static List<?> list(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            return scala.jdk.javaapi.CollectionConverters.asJava(seq);
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        throw new IllegalArgumentException("expected an array, got " + (value == null ? "null" : value.getClass().getName()));
    }

    /**
     * @param values an array's elements
     * @return them as a Scala sequence, without a copy: what Spark's row encoders and converters take for arrays
     */
    static scala.collection.Seq<Object> seq(Object[] values) {
        return scala.collection.immutable.ArraySeq.unsafeWrapArray(values);
    }

    /**
     * @param value an integer
     * @param type an integral Spark type
     * @return the value boxed as that type's external Java type
     */
    static Object integer(long value, DataType type) {
        if (type == DataTypes.ByteType) {
            return (byte) value;
        }
        if (type == DataTypes.ShortType) {
            return (short) value;
        }
        if (type == DataTypes.IntegerType) {
            return (int) value;
        }
        return value;
    }

    /**
     * @param value an output value from a model that answers with plain values instead of tensors
     * @param type the Spark type of the output's column
     * @return the value as that type's external Java type
     * @throws IllegalStateException if it does not fit the type
     */
    static Object external(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        Object[] single = type instanceof ArrayType ? null : elements(value);
        if (single != null && single.length == 1) {
            return external(single[0], type);
        }
        if (type instanceof ArrayType array) {
            List<?> elements = list(value);
            Object[] converted = new Object[elements.size()];
            for (int i = 0; i < converted.length; i++) {
                converted[i] = external(elements.get(i), array.elementType());
            }
            return seq(converted);
        }
        if (type == DataTypes.StringType) {
            return value.toString();
        }
        if (type == DataTypes.BooleanType && value instanceof Boolean) {
            return value;
        }
        if (type == DataTypes.BinaryType && value instanceof byte[]) {
            return value;
        }
        if (value instanceof Number number) {
            if (type == DataTypes.FloatType) {
                return number.floatValue();
            }
            if (type == DataTypes.DoubleType) {
                return number.doubleValue();
            }
            if (type.defaultSize() <= 8 && !(number instanceof Float) && !(number instanceof Double)) {
                return integer(number.longValue(), type);
            }
        }
        throw new IllegalStateException("output value " + value + " (" + value.getClass().getSimpleName() + ") does not fit "
                + type.simpleString());
    }
}
