package dev.kpsim.mode.ipvs.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * A dump split into lines, remembering whether the text ended without a newline (a sign of truncation: every tool
 * kpsim reads ends its output with one).
 */
record Lines(List<String> lines, boolean missingFinalNewline) {

    static Lines of(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                String l = text.substring(start, i);
                out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
                start = i + 1;
            }
        }
        boolean missing = start < text.length();
        if (missing) {
            out.add(text.substring(start));
        }
        return new Lines(out, missing);
    }
}
