package dev.kpsim.cli.support;

import dev.kpsim.core.analysis.distribution.DistributionRun;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on standard error for long runs, drawn only when standard error is a terminal (so pipes, files and
 * tests see nothing; {@code KPSIM_NO_PROGRESS} turns it off). Redraws in place with a carriage return, once per
 * percent, and clears itself when done.
 */
public final class ProgressBar implements DistributionRun.Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    /** Characters on the line now (0 = nothing drawn). */
    private int shown;
    private long drawnPercent = -1;

    public ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
        this.enabled = stderrIsTerminal() && System.getenv("KPSIM_NO_PROGRESS") == null;
    }

    @Override
    public void update(int done, int total) {
        update((long) done, total);
    }

    /** {@link #update(int, int)} for runs of more than 2^31 steps. */
    public void update(long done, long total) {
        if (!enabled) {
            return;
        }
        if (done >= total || total < 10_000) {
            clear();
            return;
        }
        long percent = 100L * done / total;
        if (percent == drawnPercent && shown > 0) {
            return; // redrawn once per percent: a run over many frontends reports far more often than that
        }
        drawnPercent = percent;
        int filled = (int) ((long) WIDTH * done / total);
        String line = label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% "
                + String.format(Locale.ROOT, "%,d/%,d", done, total);
        clear();
        err.print(line);
        err.flush();
        shown = line.length();
    }

    /**
     * Whether standard error is a terminal: the {@code kpsim} launcher says so in {@code kpsim.stderrTerminal} (a JVM
     * can only tell for stdin and stdout); without it, a JVM with a console is assumed to draw on one.
     */
    private static boolean stderrIsTerminal() {
        String told = System.getProperty("kpsim.stderrTerminal");
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    /** Erases what was drawn last, if anything. */
    private void clear() {
        if (shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }
}
