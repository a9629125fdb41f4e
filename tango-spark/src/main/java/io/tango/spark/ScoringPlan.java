package io.tango.spark;

import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelSignature;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What the driver worked out from the model's signature before any task runs: which column feeds which input, and
 * the Spark types of the outputs. Serializable; executors use it as it is.
 *
 * @param spec the spec
 * @param inputs one binding per model input, in the signature's order
 * @param outputs the model's outputs, in the signature's order
 */
record ScoringPlan(ScoringSpec spec, List<InputBinding> inputs, List<OutputField> outputs) implements Serializable {
    private static final long serialVersionUID = 1L;

    ScoringPlan {
        requireNonNull(spec, "spec is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    }

    /**
     * @param spec the spec
     * @param signature the model's signature
     * @return the plan
     * @throws InvalidRequestException if the signature is unknown, has a type no column can feed or hold, or the
     *     spec's input columns do not match its inputs
     */
    static ScoringPlan of(ScoringSpec spec, ModelSignature signature) {
        requireNonNull(spec, "spec is null");
        requireNonNull(signature, "signature is null");
        String key = spec.modelKey();
        if (signature.inputs().isEmpty() || signature.outputs().isEmpty()) {
            throw new InvalidRequestException("model '" + key + "' declares no " + (signature.inputs().isEmpty() ? "inputs" : "outputs")
                    + " in its signature: tango-spark derives the columns it reads and the Spark types it writes from"
                    + " the signature; give the model one (log it with a signature)");
        }
        List<String> names = signature.inputs().stream().map(FieldSpec::name).toList();
        List<String> columns = spec.inputColumns().isEmpty() ? names : spec.inputColumns();
        if (columns.size() != names.size()) {
            throw new InvalidRequestException("inputColumns names " + columns.size() + " columns " + columns + " but model '"
                    + key + "' has " + names.size() + " inputs " + names + ": give one column per input, in that order");
        }
        List<InputBinding> inputs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            FieldSpec field = signature.inputs().get(i);
            if (!SparkTypes.feedable(field.type())) {
                throw new InvalidRequestException("model '" + key + "' input '" + field.name() + "' is " + field.type()
                        + ", which tango-spark cannot build from a column (it feeds numbers, booleans and strings)");
            }
            inputs.add(new InputBinding(columns.get(i), field.name(), field.type(), rowShape(field)));
        }
        List<OutputField> outputs = new ArrayList<>();
        for (FieldSpec field : signature.outputs()) {
            if (field.type() == io.tango.api.DataType.OBJECT || field.type() == io.tango.api.DataType.UNKNOWN) {
                throw new InvalidRequestException("model '" + key + "' output '" + field.name() + "' is " + field.type()
                        + ", which has no Spark column type");
            }
            outputs.add(new OutputField(field.name(), field.type(), rowShape(field), SparkTypes.outputType(field, rowShape(field))));
        }
        return new ScoringPlan(spec, inputs, outputs);
    }

    private static List<Long> rowShape(FieldSpec field) {
        return field.shape().size() <= 1 ? List.of() : field.shape().subList(1, field.shape().size());
    }

    /**
     * Checks that the dataset has every input column, of a type that feeds its input.
     *
     * @param schema the dataset's schema
     * @return each input's column index in the schema, in the inputs' order
     * @throws InvalidRequestException naming the first missing or mistyped column and the fix
     */
    int[] bind(StructType schema) {
        requireNonNull(schema, "schema is null");
        List<String> present = Arrays.asList(schema.fieldNames());
        int[] indexes = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            InputBinding input = inputs.get(i);
            indexes[i] = columnIndex(present, input.column());
            if (indexes[i] < 0) {
                throw new InvalidRequestException("column '" + input.column() + "' is not in the dataset " + present
                        + ": model '" + spec.modelKey() + "' needs it for input '" + input.input() + "' (" + input.type()
                        + "); add the column, or map the model's inputs to other columns with ScoringSpec.inputColumns");
            }
            checkType(input, schema.fields()[indexes[i]].dataType());
        }
        return indexes;
    }

    /**
     * @return the column's index: the column of exactly that name, else the one column whose name differs only in case
     *     (Spark resolves names case-insensitively by default), else -1
     */
    private static int columnIndex(List<String> present, String column) {
        int exact = present.indexOf(column);
        if (exact >= 0) {
            return exact;
        }
        int found = -1;
        for (int i = 0; i < present.size(); i++) {
            if (present.get(i).equalsIgnoreCase(column)) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    private void checkType(InputBinding input, org.apache.spark.sql.types.DataType columnType) {
        int dimensions = input.arrayDimensions();
        String element = SparkTypes.elementTypeName(columnType, dimensions);
        Set<String> accepted = SparkTypes.acceptedColumnTypes(input.type());
        if (element != null && accepted.contains(element)) {
            return;
        }
        String wanted = SparkTypes.describeAccepted(input.type());
        String cast = SparkTypes.castTarget(input.type());
        for (int i = 0; i < dimensions; i++) {
            wanted = "array of " + wanted;
            cast = "array<" + cast + ">";
        }
        throw new InvalidRequestException("column '" + input.column() + "' is " + columnType.simpleString() + "; model '"
                + spec.modelKey() + "' input '" + input.input() + "' is " + input.type()
                + (dimensions == 0 ? "" : " of shape " + input.rowShape() + " per row") + ", which takes " + wanted
                + ": cast the column, e.g. col(\"" + input.column() + "\").cast(\"" + cast + "\")");
    }

    /** @return the struct of the model's outputs, one nullable field per output */
    StructType outputStruct() {
        List<StructField> fields = new ArrayList<>();
        for (OutputField output : outputs) {
            fields.add(DataTypes.createStructField(output.name(), output.sparkType(), true));
        }
        return DataTypes.createStructType(fields);
    }

    /** @return the UDF's result type: the outputs, and the error field in {@link ErrorMode#NULL_WITH_ERROR_COLUMN} */
    StructType udfType() {
        StructType type = outputStruct();
        return errorColumn() ? type.add(ErrorColumn.NAME, DataTypes.StringType, true) : type;
    }

    /**
     * @param input the dataset's schema
     * @return the scored dataset's schema: the input's columns, then the outputs (and the error column)
     */
    StructType scoredSchema(StructType input) {
        StructType scored = input;
        if (spec.outputLayout() == OutputLayout.STRUCT) {
            scored = scored.add(spec.outputColumn(), outputStruct(), true);
        } else {
            for (StructField field : outputStruct().fields()) {
                scored = scored.add(field);
            }
        }
        return errorColumn() ? scored.add(ErrorColumn.NAME, DataTypes.StringType, true) : scored;
    }

    /** @return whether rows that cannot be scored get an error column instead of failing the job */
    boolean errorColumn() {
        return spec.errorMode() == ErrorMode.NULL_WITH_ERROR_COLUMN;
    }
}
