package dev.kpsim.cli.support;

/**
 * Thrown by a command after it printed its result when an expectation failed ({@code check}, {@code emulate}
 * disagreement). The CLI exits {@link dev.kpsim.cli.ExitCode#EXPECTATION_FAILED} without further output.
 */
public final class ExpectationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExpectationFailedException(String message) {
        super(message);
    }
}
