package io.tango.bench;

import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonRequirements;

import java.util.List;

/**
 * Prints the folder of the cached Python virtual environment {@code bench/run.sh} needs, building it first if the
 * cache does not hold it (the same environments, pinned requirements and cache as the plugins' tests).
 */
public final class PythonEnvs {
    private PythonEnvs() {}

    /** @param args {@code mlflow} or {@code caikit} */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PythonEnvs mlflow|caikit");
        }
        List<String> requirements = switch (args[0]) {
            case "mlflow" -> PythonRequirements.MLFLOW;
            case "caikit" -> PythonRequirements.CAIKIT;
            default -> throw new IllegalArgumentException("unknown environment '" + args[0] + "': mlflow or caikit");
        };
        System.out.println(PythonEnvironment.ensure(args[0], requirements).home());
    }
}
