package io.tango.testkit.python;

/**
 * Thrown by the Python test harness when a virtual environment cannot be built or used, or when a managed server
 * process cannot be started or does not become ready.
 *
 * <p>The message is meant to be read in a failed test report: it names the command that failed, its exit code where
 * there is one, and the last lines of the relevant log file.
 */
public class PythonHarnessException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed, with the command, exit code and log tail where known
     */
    public PythonHarnessException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what failed, with the command, exit code and log tail where known
     * @param cause the underlying failure
     */
    public PythonHarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
