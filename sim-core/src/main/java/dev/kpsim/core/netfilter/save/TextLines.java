package dev.kpsim.core.netfilter.save;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The numbered lines of a text ({@code \n}-separated, a trailing {@code \r} dropped, no empty last line), as a list
 * that keeps only where each line starts and ends and makes its {@link InputLine} when asked: a 30 MB dump is read
 * line by line without holding a second copy of itself. Immutable.
 */
final class TextLines extends AbstractList<InputLine> implements RandomAccess {
    private final String text;
    private final int[] starts;
    private final int[] ends;
    private final int size;

    TextLines(String text) {
        this.text = text;
        // sized once (a line per newline, plus a last line without one): no regrowing of arrays a megabyte long
        int capacity = 1;
        for (int k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) {
            capacity++;
        }
        int[] s = new int[capacity];
        int[] e = new int[capacity];
        int n = 0;
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (nl >= 0 || lineEnd > start) {
                s[n] = start;
                e[n] = lineEnd;
                n++;
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        this.starts = s;
        this.ends = e;
        this.size = n;
    }

    @Override
    public InputLine get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return new InputLine(index + 1, text.substring(starts[index], ends[index]), null);
    }

    /** True if line {@code index} starts with {@code prefix}, without making the line. */
    boolean startsWith(int index, String prefix) {
        return ends[index] - starts[index] >= prefix.length() && text.startsWith(prefix, starts[index]);
    }

    /** True if line {@code index} is blank or a {@code #} comment. */
    boolean isBlankOrComment(int index) {
        for (int i = starts[index]; i < ends[index]; i++) {
            char c = text.charAt(i);
            if (c == '#') {
                return i == starts[index];
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int size() {
        return size;
    }
}
