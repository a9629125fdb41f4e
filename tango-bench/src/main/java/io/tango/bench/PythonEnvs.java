package io.tango.bench;

import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonRequirements;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints the folder of the cached Python virtual environment {@code bench/run.sh} needs, building it first if the
 * cache does not hold it (the same environments, pinned requirements and cache as the plugins' tests).
 */
public final class PythonEnvs {
    /**
     * The Spark phase's environment: {@link PythonRequirements#MLFLOW} plus PySpark 4.1.3 (the same Spark as the
     * Maven dependency) and its py4j, for {@code mlflow.pyfunc.spark_udf}. Only {@code bench/run.sh} builds it; it is
     * kept apart from {@code MLFLOW} so that adding PySpark does not rebuild the tests' MLflow environment.
     */
    public static final List<String> MLFLOW_SPARK = mlflowSpark();

    private PythonEnvs() {}

    /** @param args {@code mlflow}, {@code mlflow-spark} or {@code caikit} */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PythonEnvs mlflow|mlflow-spark|caikit");
        }
        List<String> requirements = switch (args[0]) {
            case "mlflow" -> PythonRequirements.MLFLOW;
            case "mlflow-spark" -> MLFLOW_SPARK;
            case "caikit" -> PythonRequirements.CAIKIT;
            default -> throw new IllegalArgumentException(
                    "unknown environment '" + args[0] + "': mlflow, mlflow-spark or caikit");
        };
        System.out.println(PythonEnvironment.ensure(args[0], requirements).home());
    }

    private static List<String> mlflowSpark() {
        List<String> requirements = new ArrayList<>(PythonRequirements.MLFLOW);
        requirements.add("pyspark==4.1.3");
        requirements.add("py4j==0.10.9.9");
        return List.copyOf(requirements);
    }
}
