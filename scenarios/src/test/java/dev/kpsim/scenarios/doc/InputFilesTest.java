package dev.kpsim.scenarios.doc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.Diagnostics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void directoriesAreWalkedRecursivelyInSortedOrderKeepingOnlyYamlAndJson() throws IOException {
        write("b/z.yml", "z");
        write("a.yaml", "a");
        write("b/a.json", "{}");
        write("README.md", "not input");
        write("c/d/e.yaml", "e");
        Diagnostics d = new Diagnostics();
        List<SourceText> texts = InputFiles.read(List.of(dir.toString()), () -> new ByteArrayInputStream(new byte[0]), d);
        assertThat(texts).extracting(SourceText::name).containsExactly(
                dir.resolve("a.yaml").toString(), dir.resolve("b/a.json").toString(), dir.resolve("b/z.yml").toString(),
                dir.resolve("c/d/e.yaml").toString());
        assertThat(d.list()).isEmpty();
    }

    @Test
    void standardInputAndItsProblems() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Diagnostics d = new Diagnostics();
        List<SourceText> texts = InputFiles.read(List.of("-", "-", dir.resolve("empty").toString()),
                () -> new ByteArrayInputStream("\uFEFFkind: List\n".getBytes(StandardCharsets.UTF_8)), d);
        assertThat(texts).containsExactly(SourceText.of("<stdin>", "kind: List\n"));
        assertThat(d.list()).extracting(Diagnostic::format).containsExactly(
                "<stdin>: standard input ('-') is named more than once",
                dir.resolve("empty") + ": warning: directory holds no .yaml, .yml or .json file");
    }

    @Test
    void nonUtf8IsAnError() throws IOException {
        Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        Diagnostics d = new Diagnostics();
        InputFiles.read(List.of(dir.resolve("latin1.yaml").toString()), () -> null, d);
        assertThat(d.list()).extracting(Diagnostic::format).containsExactly(dir.resolve("latin1.yaml") + ": not UTF-8 text");
    }
}
