package dev.kpsim.core.analysis.doctor;

/**
 * The result of one doctor step: {@code OK} (as expected), {@code WARN} (works as kube-proxy intends, but probably
 * not as the user hopes: a black hole by design, unready endpoints), {@code FAIL} (broken), {@code SKIP} (not
 * applicable or not checkable here). Printed as the words {@code ok}, {@code warn}, {@code FAIL}, {@code skip}.
 */
public enum StepStatus {
    OK("ok"), WARN("warn"), FAIL("FAIL"), SKIP("skip");

    private final String word;

    StepStatus(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The worse of two statuses (FAIL > WARN > OK > SKIP). */
    public static StepStatus worst(StepStatus a, StepStatus b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(StepStatus s) {
        return switch (s) {
            case SKIP -> 0;
            case OK -> 1;
            case WARN -> 2;
            case FAIL -> 3;
        };
    }
}
