package dev.kpsim.emulator.host;

/**
 * The machine did not do what the emulator asked: a command failed or timed out, a helper process did not
 * become ready. The message names the command and quotes its error output. The CLI reports it and exits 1
 * (an environment failure, not bad input); everything the run created has been removed by then.
 */
public class EmulatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmulatorException(String message) {
        super(message);
    }

    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
