package dev.kpsim.core.analysis.check;

/**
 * The verdict on one expectation for one node: passed, failed or skipped (not checkable here, e.g. traffic in a mode
 * kpsim cannot simulate yet), with what was expected and what was found, in words.
 */
public record CheckResult(Expectation expectation, Status status, String expected, String actual) {

    /** Outcome of one check. */
    public enum Status { PASS, FAIL, SKIP }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
