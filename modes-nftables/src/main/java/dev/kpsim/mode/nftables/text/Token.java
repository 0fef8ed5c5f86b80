package dev.kpsim.mode.nftables.text;

/**
 * One lexical token of nft text, with its position: 1-based line and column and the character offsets
 * {@code [start, end)} in the source, so that a rule's original text can be cut out exactly.
 */
public record Token(Kind kind, String text, int line, int column, int start, int end) {

    /** Token kinds. Words are everything between blanks and the punctuation {@code { } ; ,}. */
    public enum Kind {
        WORD, STRING, LBRACE, RBRACE, SEMI, COMMA, NEWLINE, EOF
    }

    public boolean is(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    public boolean isWord() {
        return kind == Kind.WORD;
    }
}
