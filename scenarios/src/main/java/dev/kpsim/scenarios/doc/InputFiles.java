package dev.kpsim.scenarios.doc;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Turns the paths a user names into input texts, as {@code kubectl apply -f} does: a file is read as is; a
 * directory is walked recursively for {@code *.yaml}, {@code *.yml} and {@code *.json} files in sorted path
 * order; {@code -} is standard input (named {@value #STDIN} in diagnostics). Unreadable paths become
 * {@code read-error} diagnostics, not exceptions.
 */
public final class InputFiles {

    /** The name diagnostics use for standard input. */
    public static final String STDIN = "<stdin>";

    private InputFiles() {
    }

    /**
     * Reads every path in order. O(total bytes).
     *
     * @param stdin supplies standard input; consulted only if a path is {@code -}
     */
    public static List<SourceText> read(List<String> paths, Supplier<InputStream> stdin, Diagnostics diags) {
        List<SourceText> out = new ArrayList<>();
        boolean stdinRead = false;
        for (String p : paths) {
            if (p.equals("-")) {
                if (stdinRead) {
                    diags.error(SourceLocation.ofFile(STDIN), "read-error", "standard input ('-') is named more than once");
                    continue;
                }
                stdinRead = true;
                try (InputStream in = stdin.get()) {
                    decode(STDIN, in.readAllBytes(), diags, out);
                } catch (IOException e) {
                    diags.error(SourceLocation.ofFile(STDIN), "read-error", "cannot read standard input: " + e.getMessage());
                }
                continue;
            }
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                readDirectory(path, diags, out);
            } else {
                readFile(path, p, diags, out);
            }
        }
        return out;
    }

    private static void readDirectory(Path dir, Diagnostics diags, List<SourceText> out) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(InputFiles::isInputFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            diags.error(SourceLocation.ofFile(dir.toString()), "read-error", "cannot read directory: " + e.getMessage());
            return;
        }
        if (files.isEmpty()) {
            diags.warning(SourceLocation.ofFile(dir.toString()), "empty-directory", "directory holds no .yaml, .yml or .json file");
        }
        for (Path f : files) {
            readFile(f, f.toString(), diags, out);
        }
    }

    /** True if every byte is ASCII (then the text is valid UTF-8 and decodes byte for character). */
    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInputFile(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static void readFile(Path path, String name, Diagnostics diags, List<SourceText> out) {
        try {
            decode(name, Files.readAllBytes(path), diags, out);
        } catch (NoSuchFileException e) {
            diags.error(SourceLocation.ofFile(name), "read-error", "no such file or directory");
        } catch (IOException e) {
            diags.error(SourceLocation.ofFile(name), "read-error", "cannot read: " + e.getMessage());
        }
    }

    private static void decode(String name, byte[] bytes, Diagnostics diags, List<SourceText> out) {
        if (isAscii(bytes)) {
            out.add(SourceText.of(name, new String(bytes, StandardCharsets.US_ASCII)));
            return;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            out.add(SourceText.of(name, text));
        } catch (CharacterCodingException e) {
            diags.error(SourceLocation.ofFile(name), "read-error", "not UTF-8 text");
        }
    }
}
