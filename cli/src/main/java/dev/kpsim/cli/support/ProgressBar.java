package dev.kpsim.cli.support;

import dev.kpsim.core.analysis.distribution.DistributionRun;
import java.io.PrintWriter;

/**
 * A progress bar on standard error for long runs, drawn only when kpsim talks to a terminal (so pipes, files and
 * tests see nothing). Redraws in place with a carriage return and clears itself when done.
 */
public final class ProgressBar implements DistributionRun.Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final boolean enabled;

    public ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
        this.enabled = System.console() != null && System.getenv("KPSIM_NO_PROGRESS") == null;
    }

    @Override
    public void update(int done, int total) {
        if (!enabled || total < 10_000) {
            return;
        }
        if (done >= total) {
            err.print("\r" + " ".repeat(WIDTH + label.length() + 30) + "\r");
            err.flush();
            return;
        }
        int filled = (int) ((long) WIDTH * done / total);
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + (100L * done / total) + "% "
                + done + "/" + total);
        err.flush();
    }
}
