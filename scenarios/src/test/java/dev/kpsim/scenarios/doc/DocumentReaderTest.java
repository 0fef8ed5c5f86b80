package dev.kpsim.scenarios.doc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentReaderTest {

    private static List<LocatedDocument> read(String name, String text, Diagnostics d) {
        return DocumentReader.read(SourceText.of(name, text), d);
    }

    @Test
    void yamlNodesKeepLineAndColumnOfValuesAndKeys() {
        Diagnostics d = new Diagnostics();
        String yaml = """
                apiVersion: v1
                kind: Service
                spec:
                  ports:
                  - port: 80
                    targetPort: 9376
                """;
        LocatedDocument doc = read("svc.yaml", yaml, d).get(0);
        Located port = doc.cursor().get("spec").get("ports").at(0).get("targetPort");
        assertThat(port.location()).isEqualTo(new SourceLocation("svc.yaml", 6, 17));
        assertThat(port.keyLocation()).isEqualTo(new SourceLocation("svc.yaml", 6, 5));
        assertThat(port.path()).isEqualTo("spec.ports[0].targetPort");
        assertThat(port.node().intValue()).isEqualTo(9376);
        assertThat(doc.cursor().get("spec").get("clusterIP").location())
                .as("a field not written points at its nearest ancestor").isEqualTo(new SourceLocation("svc.yaml", 4, 3));
        assertThat(d.list()).isEmpty();
    }

    @Test
    void scalarsAreTypedLikeKubernetesYaml() {
        Diagnostics d = new Diagnostics();
        LocatedDocument doc = read("t.yaml", "a: 80\nb: \"80\"\nc: true\nd: ~\ne: 0x1F\nf: 1.5\ng: 10.0.1.175\nh: yes\n", d).get(0);
        Located r = doc.cursor();
        assertThat(r.get("a").node().isInt()).isTrue();
        assertThat(r.get("b").node().isTextual()).isTrue();
        assertThat(r.get("c").node().booleanValue()).isTrue();
        assertThat(r.get("d").node().isNull()).isTrue();
        assertThat(r.get("e").node().intValue()).isEqualTo(31);
        assertThat(r.get("f").node().doubleValue()).isEqualTo(1.5);
        assertThat(r.get("g").text()).isEqualTo("10.0.1.175");
        assertThat(r.get("h").node().booleanValue()).isTrue();
    }

    @Test
    void multiDocumentStreamsKeepEveryDocumentAndItsStart() {
        Diagnostics d = new Diagnostics();
        List<LocatedDocument> docs = read("m.yaml", "---\nkind: A\n---\n# c\nkind: B\n---\n", d);
        assertThat(docs).hasSize(3);
        assertThat(docs.get(0).cursor().get("kind").text()).isEqualTo("A");
        assertThat(docs.get(1).start()).isEqualTo(new SourceLocation("m.yaml", 5, 1));
        assertThat(docs.get(2).root().isNull()).as("an empty trailing document").isTrue();
    }

    @Test
    void mergeKeysAreApplied() {
        Diagnostics d = new Diagnostics();
        LocatedDocument doc = read("m.yaml", "base: &b {port: 80, protocol: UDP}\nport:\n  <<: *b\n  port: 81\n", d).get(0);
        assertThat(doc.cursor().get("port").get("port").node().intValue()).isEqualTo(81);
        assertThat(doc.cursor().get("port").get("protocol").text()).isEqualTo("UDP");
        assertThat(d.list()).isEmpty();
    }

    @Test
    void yamlSyntaxErrorIsLocatedAtTheProblem() {
        Diagnostics d = new Diagnostics();
        read("bad.yaml", "kind: Service\nmetadata:\n  name: a\n  labels: {app: x\n", d);
        assertThat(d.list()).extracting(Diagnostic::format).containsExactly(
                "bad.yaml:5:1: YAML syntax error: expected ',' or '}', but got <stream end> (while parsing a flow mapping)");
        assertThat(d.list().get(0).code()).isEqualTo("yaml-syntax");
    }

    @Test
    void badIndentationIsASyntaxError() {
        Diagnostics d = new Diagnostics();
        read("bad.yaml", "kind: Service\n  metadata: x\n", d);
        assertThat(d.list()).extracting(Diagnostic::format).containsExactly(
                "bad.yaml:2:11: YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void duplicateKeysAreErrorsNamingTheFirst() {
        Diagnostics d = new Diagnostics();
        read("dup.yaml", "kind: Service\nmetadata:\n  name: a\n  name: b\n", d);
        assertThat(d.list()).extracting(Diagnostic::format).containsExactly(
                "dup.yaml:4:3: duplicate key 'name' (first written at dup.yaml:3:3)");
    }

    @Test
    void jsonIsReadWithLocations() {
        Diagnostics d = new Diagnostics();
        String json = "{\n    \"kind\": \"Service\",\n    \"spec\": {\n        \"ports\": [ { \"port\": 80 } ]\n    }\n}\n";
        LocatedDocument doc = read("svc.json", json, d).get(0);
        Located port = doc.cursor().get("spec").get("ports").at(0).get("port");
        assertThat(port.node().intValue()).isEqualTo(80);
        assertThat(port.location()).isEqualTo(new SourceLocation("svc.json", 4, 30));
        assertThat(port.keyLocation()).isEqualTo(new SourceLocation("svc.json", 4, 22));
    }

    @Test
    void jsonSyntaxErrorIsLocated() {
        Diagnostics d = new Diagnostics();
        read("bad.json", "{\n  \"kind\": \"Service\"\n  \"spec\": {}\n}\n", d);
        assertThat(d.list()).hasSize(1);
        assertThat(d.list().get(0).location()).isEqualTo(new SourceLocation("bad.json", 3, 3));
        assertThat(d.list().get(0).format()).startsWith("bad.json:3:3: JSON syntax error: Unexpected character ('\"'");
    }

    @Test
    void standardInputThatStartsWithABraceIsJson() {
        assertThat(SourceText.of(InputFiles.STDIN, "  {\"kind\": \"List\"}").looksLikeJson()).isTrue();
        assertThat(SourceText.of(InputFiles.STDIN, "kind: List").looksLikeJson()).isFalse();
        assertThat(SourceText.of("x.yaml", "{\"kind\": \"List\"}").looksLikeJson()).isFalse();
    }

    @Test
    void embeddedTextShiftsLocations() {
        SourceText t = new SourceText("cm.yaml", "a: 1\nb: [\n", 6, 4, null);
        Diagnostics d = new Diagnostics();
        DocumentReader.read(t, d);
        assertThat(d.list()).hasSize(1);
        assertThat(d.list().get(0).location().line()).isEqualTo(9);
    }
}
