package dev.kpsim.scenarios.compact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.scenarios.doc.PlainScalars;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/** {@link YamlScalars}: plain only where YAML 1.1 reads a string back, and the shortcut agrees with SnakeYAML. */
class YamlScalarsTest {
    private static final Resolver RESOLVER = new Resolver();

    @Provide
    Arbitrary<String> plainAlphabet() {
        Arbitrary<String> free = Arbitraries.strings().withChars("aeEnNoOtTyYxbf0123456789._/-").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> words = Arbitraries.of("yes", "No", "TRUE", "false", "off", "On", "null", "Null", "0x1F", "0o17", "017",
                "1_000", "1.5e3", "1e3", "2001-12-14", "10.0.0.1", "fd00", "1.30", ".5", "1:20", "190:20:30", "y", "n");
        return Arbitraries.oneOf(free, words);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(plainAlphabet(), Arbitraries.strings().all().ofMinLength(1).ofMaxLength(14),
                Arbitraries.strings().withChars("0123456789.:-+_/eETZ tx~").ofMinLength(1).ofMaxLength(24),
                Arbitraries.strings().withChars("yYnNtTfFoOlLeEsSuUrRaAhp").ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(11));
    }

    @Property(tries = 5000)
    void theShortcutNeverCallsSomethingElseAString(@ForAll("anyText") String s) {
        if (PlainScalars.surelyString(s)) {
            assertThat(RESOLVER.resolve(NodeId.scalar, s, true)).as(s).isEqualTo(Tag.STR);
        }
    }

    @Property(tries = 3000)
    void smallDecimalsAreIntsThatFitAnInt(@ForAll("anyText") String s) {
        if (PlainScalars.smallDecimal(s)) {
            assertThat(RESOLVER.resolve(NodeId.scalar, s, true)).as(s).isEqualTo(Tag.INT);
            assertThat(Integer.parseInt(s)).as(s).hasToString(s);
        }
    }

    @Test
    void quotesWhatYamlWouldReadAsSomethingElse() {
        for (String s : List.of("yes", "on", "null", "~", "1.30", "80", "0123", "2001-12-14", "", "fd00::1", "a b", "-x", ".inf",
                "a:b", "a,b", "[x]", "#c", "é")) {
            assertThat(YamlScalars.isPlain(s)).as(s).isFalse();
        }
        for (String s : List.of("web", "10.244.1.6", "10.128.0.0/9", "ns-000/pod-000001", "app.kubernetes.io/name", "yes-please", "v1.30")) {
            assertThat(YamlScalars.isPlain(s)).as(s).isTrue();
        }
        StringBuilder b = new StringBuilder();
        YamlScalars.quote(b, "say \"hi\"\\\t\u00e9\u0085");
        assertThat(b).hasToString("\"say \\\"hi\\\"\\\\\\u0009\u00e9\\u0085\"");
    }
}
