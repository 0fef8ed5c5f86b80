package dev.kpsim.mode.ipvs.parse;

import java.util.ArrayList;
import java.util.List;

/** One whitespace-separated word of a dump line with its 1-based column. */
record Token(String text, int column) {

    /** Splits a line on spaces and tabs, remembering where each word starts. */
    static List<Token> split(String line) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            if (i > start) {
                out.add(new Token(line.substring(start, i), start + 1));
            }
        }
        return out;
    }
}
