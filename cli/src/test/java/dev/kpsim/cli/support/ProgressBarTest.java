package dev.kpsim.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @AfterEach
    void forget() {
        System.clearProperty("kpsim.stderrTerminal");
    }

    private static String run(String terminal, long total, long step) {
        System.setProperty("kpsim.stderrTerminal", terminal);
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), "simulating 2 frontends");
        for (long done = 0; done <= total; done += step) {
            bar.update(done, total);
        }
        return w.toString();
    }

    @Test
    void drawsOncePerPercentOnATerminalAndClearsItselfAtTheEnd() {
        String out = run("true", 1_000_000, 1_000);
        String[] draws = out.split("\r");
        assertThat(out).contains("simulating 2 frontends [###############               ] 50% 500,000/1,000,000");
        assertThat(out.chars().filter(c -> c == '%').count()).isEqualTo(100);
        assertThat(draws[draws.length - 1]).isBlank();
        assertThat(out).endsWith("\r");
    }

    @Test
    void staysSilentWhenStandardErrorIsNotATerminal() {
        assertThat(run("false", 1_000_000, 1_000)).isEmpty();
    }

    @Test
    void shortRunsAreNotWorthABar() {
        assertThat(run("true", 9_999, 1)).isEmpty();
    }
}
