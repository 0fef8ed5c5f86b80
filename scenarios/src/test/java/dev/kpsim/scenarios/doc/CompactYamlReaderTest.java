package dev.kpsim.scenarios.doc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.scenarios.compact.ScenarioWriter;
import dev.kpsim.scenarios.compact.ScenarioWriter.Metadata;
import dev.kpsim.scenarios.synthetic.SyntheticCluster;
import dev.kpsim.scenarios.synthetic.SyntheticClusterGenerator;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import dev.kpsim.scenarios.synthetic.TypeMix;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@link CompactYamlReader} reads what {@code ScenarioWriter} writes, giving exactly what {@link YamlEventReader}
 * gives (tree, every node's and key's location), and declines everything outside its subset.
 */
class CompactYamlReaderTest {

    private static Yaml yaml() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(Integer.MAX_VALUE);
        return new Yaml(o);
    }

    /** Asserts the subset reader accepts {@code src} and agrees with the event reader. */
    private static void assertAcceptedAndSame(SourceText src) {
        assertThat(CompactYamlReader.read(src)).as("the subset reader reads " + src.name()).isNotNull();
        assertSameIfAccepted(src);
    }

    private static void assertSameIfAccepted(SourceText src) {
        List<LocatedDocument> fast = CompactYamlReader.read(src);
        if (fast == null) {
            return;
        }
        List<LocatedDocument> events = YamlEventReader.read(src, yaml(), 200);
        assertThat(events).as("the event reader reads " + src.name()).isNotNull().hasSize(1);
        assertThat(fast).hasSize(1);
        LocatedDocument a = fast.get(0);
        LocatedDocument b = events.get(0);
        assertThat(a.root()).isEqualTo(b.root());
        assertThat(a.root().toString()).isEqualTo(b.root().toString());
        assertThat(a.start()).isEqualTo(b.start());
        assertThat(a.index()).isEqualTo(b.index());
        YamlEventReaderTest.assertSameLocations(a.cursor(), b.cursor());
    }

    private static String written(SyntheticCluster c, Metadata metadata) {
        StringWriter out = new StringWriter();
        try {
            ScenarioWriter.write(c.cluster(), c.config(), c.nodeName(), metadata, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @ParameterizedTest
    @MethodSource("dev.kpsim.scenarios.doc.YamlEventReaderTest#yamlFiles")
    void everyBundledYamlFileItAcceptsReadsAsTheEventReaderReadsIt(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertSameIfAccepted(SourceText.of(file.toString(), text));
        assertSameIfAccepted(new SourceText(file.toString(), text, 7, 4, null));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void writtenScenariosAreReadAsTheEventReaderReadsThem(long seed) {
        SyntheticSpec spec = SyntheticSpec.of(20 + (int) seed * 7, (int) seed * 3).withPods(40 + (int) seed * 11)
                .withTypeMix(TypeMix.parse("ClusterIP=2,NodePort=1,LoadBalancer=1")).withExternalLocalShare(0.3)
                .withInternalLocalShare(0.2).withAffinityShare(0.25).withSeed(seed).withMode(seed % 2 == 0 ? "ipvs" : "iptables");
        String text = written(SyntheticClusterGenerator.generate(spec), new Metadata("synthetic-" + seed, "kpsim scale --seed " + seed));
        assertAcceptedAndSame(SourceText.of("w.yaml", text));
    }

    @Provide
    Arbitrary<String> anyString() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.strings().withChars("aynNoOtT0123456789.:-+_/eE \"\\#{}[],'x~").ofMaxLength(12),
                Arbitraries.of("yes", "No", "TRUE", "null", "~", "0x1F", "017", "1.30", "1e3", "2001-12-14", ".inf", "<<", "fd00::1", "-1", "a b"));
    }

    @Property(tries = 300)
    void anyWrittenNameAndDescriptionReadsAsTheEventReaderReadsIt(@ForAll("anyString") String name, @ForAll("anyString") String description) {
        SyntheticCluster c = SyntheticClusterGenerator.generate(SyntheticSpec.of(2, 2));
        String text = written(c, new Metadata(name, description));
        assertSameIfAccepted(SourceText.of("p.yaml", text));
    }

    @Test
    void theSubsetReadsAsTheEventReaderReadsIt() {
        String text = """
                apiVersion: kpsim.dev/v1alpha1
                kind: Scenario
                metadata:
                  name: "a \\"quoted\\" \\\\ name \\u00e9\\u0007"
                  description: "yes"
                proxy:
                    mode: iptables
                    ints: [80, 0x1F, 017, 1_000, 1e3, 1.5, 1.5e3, 1_0.5]
                    words: [yes, No, TRUE, null, off, y, n, 2001-12-14]
                    empty: {}
                    none: []
                    nested: {a: {b: [c, {d: e}]}, "quoted key": "v", 80: eighty}
                    spaced:   {  a:   b  ,  c: [ d ,e ]  }
                nodes:
                - {name: node-1, addresses: [10.0.0.1], podCIDR: 10.244.0.0/24}
                -   node-2
                pods:
                  - {name: p, labels: {app.kubernetes.io/name: web, kubernetes.io/service-name: web}}
                  - [x]
                deep:
                  deeper:
                    deepest: 1
                  back: 2
                last: end""";
        assertAcceptedAndSame(SourceText.of("t.yaml", text));
        assertAcceptedAndSame(SourceText.of("t.yaml", text + "\n"));
        assertAcceptedAndSame(new SourceText("cm.yaml", text, 7, 4, null));
        assertAcceptedAndSame(new SourceText("q.yaml", text, 0, 0, new dev.kpsim.core.diag.SourceLocation("outer.yaml", 3, 9)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "# comment\na: 1\n", "a: 1 # comment\n", "a: 1\n\nb: 2\n", "a:\tb\n", "a: 1 \n", "a: 1\r\n", "---\na: 1\n",
            "a: 1\n---\nb: 2\n", "%YAML 1.1\n---\na: 1\n", "- a\n", " a: 1\n", "a: b c\n", "a: 'q'\n", "a: \"x\\ny\"\n",
            "a: \"x\ny\"\n", "a: [1,\n  2]\n", "a: [1, 2,]\n", "a: {b: 1,}\n", "a: {b}\n", "a: b:c\n", "a: {b:c}\n", "a: -1\n",
            "a: .5\n", "a: é\n", "a: \"é\"\n", "a: 1\na: 2\n", "a: {b: 1, b: 2}\n", "<<: {a: 1}\n", "a: &x 1\n", "a: *x\n",
            "a: !!str 1\n", "a:\n  - b: 1\n", "a:\n  - - b\n", "a:\n", "a:\nb: 1\n", "a: 1\n  b: 2\n", "a:\n  b: 1\n c: 2\n",
            "a:\n  - x\n  b: 1\n", "a: |\n  x\n", "a: ~\n", "? a\n: 1\n", "a : 1\n", "\"a\" : 1\n", "a: \"\\u00g0\"\n",
            "a: \"\\u\u0660\u0660\u0660\u0660\"\n"})
    void declinesWhatIsOutsideTheSubset(String text) {
        assertThat(CompactYamlReader.read(SourceText.of("x.yaml", text))).isNull();
    }

    @Test
    void declinesKeysBeyondTheSimpleKeyLimitAndDeepNesting() {
        assertThat(CompactYamlReader.read(SourceText.of("k.yaml", "k".repeat(1001) + ": 1\n"))).isNull();
        assertAcceptedAndSame(SourceText.of("k.yaml", "k".repeat(1000) + ": 1\n"));
        assertThat(CompactYamlReader.read(SourceText.of("d.yaml", "a: " + "[".repeat(70) + "]".repeat(70) + "\n"))).isNull();
        assertAcceptedAndSame(SourceText.of("d.yaml", "a: " + "[".repeat(40) + "]".repeat(40) + "\n"));
    }
}
