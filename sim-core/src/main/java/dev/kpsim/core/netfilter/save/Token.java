package dev.kpsim.core.netfilter.save;

/**
 * One argument of a restore line after iptables-restore's tokenising ({@code add_param_to_argv} in
 * iptables/xshared.c): the text with quotes and backslash escapes removed, the 1-based column where it starts in the
 * line, and whether any part of it was double-quoted.
 */
record Token(String text, int column, boolean quoted) {

    /** True for an unquoted {@code !}. */
    boolean isBang() {
        return !quoted && "!".equals(text);
    }

    /**
     * True if getopt would see an option here: an unquoted argument starting with {@code -} and longer than one
     * character ({@code xs_has_arg} treats any such argument as the start of the next option).
     */
    boolean looksLikeOption() {
        return !quoted && text.length() > 1 && text.charAt(0) == '-';
    }
}
