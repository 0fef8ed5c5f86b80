package dev.kpsim.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphvizTest {
    static final String DOT = "digraph kpsim {\n  \"a\" -> \"b\";\n}\n";

    @Test
    void withoutDotTheDotTextIsReturnedWithAHint() {
        StringWriter err = new StringWriter();
        String out = Graphviz.svg(DOT, new PrintWriter(err, true), Optional.empty());
        assertThat(out).isEqualTo(DOT);
        assertThat(err.toString()).isEqualTo("kpsim: note: Graphviz 'dot' is not installed: printing DOT instead of SVG "
                + "(install the graphviz package, or render it with: dot -Tsvg -o graph.svg)\n");
    }

    @Test
    void aFailingDotFallsBackToDot() {
        StringWriter err = new StringWriter();
        String out = Graphviz.svg(DOT, new PrintWriter(err, true), Optional.of(Path.of("/bin/false")));
        assertThat(out).isEqualTo(DOT);
        assertThat(err.toString()).startsWith("kpsim: note: 'dot' failed (").endsWith("): printing DOT instead of SVG\n");
    }

    @Test
    void withDotTheResultIsSvg() {
        Optional<Path> dot = Graphviz.dot();
        assumeTrue(dot.isPresent(), "Graphviz is not installed here");
        StringWriter err = new StringWriter();
        String out = Graphviz.svg(DOT, new PrintWriter(err, true), dot);
        assertThat(out).contains("<svg").contains("</svg>");
        assertThat(err.toString()).isEmpty();
    }
}
