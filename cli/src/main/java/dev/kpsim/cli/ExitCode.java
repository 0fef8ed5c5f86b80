package dev.kpsim.cli;

/** The process exit codes of {@code kpsim}: a contract scripts and CI rely on. */
public final class ExitCode {
    private ExitCode() {
    }

    /** The command did what was asked. */
    public static final int OK = 0;
    /** kpsim itself failed (a bug): the message says so. */
    public static final int INTERNAL_ERROR = 1;
    /** Bad input or usage: a located message says what is wrong. */
    public static final int BAD_INPUT = 2;
    /** An expectation failed: {@code check} assertions, or kernel and simulator disagree in {@code emulate}. */
    public static final int EXPECTATION_FAILED = 3;
}
