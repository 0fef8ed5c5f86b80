package dev.kpsim.scenarios.doc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.diag.Diagnostics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** {@link YamlEventReader} gives exactly what the composer gives, and leaves what it does not handle to it. */
class YamlEventReaderTest {

    private static Yaml yaml() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(Integer.MAX_VALUE);
        return new Yaml(o);
    }

    private static void assertSameAsComposer(SourceText src) {
        List<LocatedDocument> fast = YamlEventReader.read(src, yaml(), 200);
        assertThat(fast).as("the fast path reads " + src.name()).isNotNull();
        Diagnostics d = new Diagnostics();
        List<LocatedDocument> composed = YamlDocumentReader.composed(src, d);
        assertThat(d.list()).isEmpty();
        assertThat(fast).hasSameSizeAs(composed);
        for (int i = 0; i < fast.size(); i++) {
            LocatedDocument a = fast.get(i);
            LocatedDocument b = composed.get(i);
            assertThat(a.root()).isEqualTo(b.root());
            assertThat(a.root().toString()).isEqualTo(b.root().toString());
            assertThat(a.start()).isEqualTo(b.start());
            assertThat(a.index()).isEqualTo(b.index());
            assertSameLocations(a.cursor(), b.cursor());
        }
    }

    /** Every node of both trees, and a missing child of each, is located alike (value and key). */
    static void assertSameLocations(Located a, Located b) {
        assertThat(a.location()).as(a.path()).isEqualTo(b.location());
        assertThat(a.keyLocation()).as(a.path()).isEqualTo(b.keyLocation());
        assertThat(a.get("absent").location()).as(a.path()).isEqualTo(b.get("absent").location());
        List<Located> ea = a.elements();
        List<Located> eb = b.elements();
        for (int i = 0; i < ea.size(); i++) {
            assertSameLocations(ea.get(i), eb.get(i));
        }
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            assertSameLocations(a.get(name), b.get(name));
        }
    }

    static Stream<Path> yamlFiles() throws IOException {
        Stream<Path> examples = Files.walk(Path.of("examples"));
        Stream<Path> resources = Files.walk(Path.of("src/test/resources"));
        return Stream.concat(examples, resources).filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                .sorted().toList().stream();
    }

    @ParameterizedTest
    @MethodSource("yamlFiles")
    void everyBundledYamlFileReadsAsTheComposerReadsIt(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (YamlEventReader.read(SourceText.of(file.toString(), text), yaml(), 200) == null) {
            assertThat(text).as(file + " declined: it must use what the fast path leaves to the composer").containsAnyOf("&", "*", "<<", "!");
            return;
        }
        assertSameAsComposer(SourceText.of(file.toString(), text));
    }

    @Test
    void typesTagsFlowStyleEmptyDocumentsAndShiftedTextAgree() {
        String text = """
                # comment
                a: 80
                b: "80"
                c: true
                d: ~
                e: 0x1F
                f: 1.5
                g: 10.0.1.175
                h: yes
                i: !!str 80
                j: !!int "42"
                k: {x: [1, 2, {y: null}], "z w": 'q', 80: eighty}
                l:
                  - - nested
                    - ""
                  - 
                m: |
                  block
                  text
                n: .inf
                o: 2001-12-14
                labels: {kubernetes.io/service-name: web, app.kubernetes.io/name: ~}
                ---
                ---
                # only a comment
                ---
                - plain
                - 1_000
                """;
        assertSameAsComposer(SourceText.of("t.yaml", text));
        assertSameAsComposer(new SourceText("cm.yaml", text, 7, 4, null));
        assertSameAsComposer(SourceText.of("empty.yaml", ""));
        assertSameAsComposer(SourceText.of("tagged.yaml", "a: !<tag:example.com,2000:app/foo> x\nb: !local y\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "base: &b {port: 80}\nport: *b\n",
            "port:\n  <<: {port: 80}\n  protocol: UDP\n",
            "a: 1\na: 2\n",
            "? [x]\n: 1\n",
            "a: [1, 2\n",
            "a: b\n---\nc: [\n"})
    void anchorsMergeKeysDuplicateAndComplexKeysAndErrorsAreLeftToTheComposer(String text) {
        assertThat(YamlEventReader.read(SourceText.of("x.yaml", text), yaml(), 200)).isNull();
    }

    @Test
    void deepNestingIsLeftToTheComposer() {
        String deep = "[".repeat(300) + "]".repeat(300);
        assertThat(YamlEventReader.read(SourceText.of("deep.yaml", deep), yaml(), 200)).isNull();
        String shallow = "[".repeat(150) + "]".repeat(150);
        assertSameAsComposer(SourceText.of("shallow.yaml", shallow));
    }
}
