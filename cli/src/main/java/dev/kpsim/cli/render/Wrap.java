package dev.kpsim.cli.render;

import java.util.ArrayList;
import java.util.List;

/** Word-wraps a paragraph at a fixed width (words longer than the width stay whole). Deterministic. */
public final class Wrap {
    private Wrap() {
    }

    public static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out;
    }
}
