package io.tango.testkit.python;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a finished command run by {@link PythonEnvironment#run}: its exit code and everything it wrote to
 * standard output and standard error, interleaved as written. Immutable.
 *
 * @param exitCode the process's exit code
 * @param output standard output and standard error together, decoded as UTF-8
 */
public record ProcessResult(int exitCode, String output) {

    /**
     * Creates a result.
     *
     * @param exitCode the process's exit code
     * @param output the combined output
     * @throws NullPointerException if {@code output} is null
     */
    public ProcessResult {
        requireNonNull(output, "output is null");
    }

    /**
     * Tells whether the command exited with code 0.
     *
     * @return {@code true} on exit code 0
     */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
