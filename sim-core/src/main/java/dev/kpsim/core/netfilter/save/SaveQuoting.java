package dev.kpsim.core.netfilter.save;

/**
 * Quoting of printed arguments. {@link #saveString} is libxtables' {@code xtables_save_string} (used for
 * {@code --comment}, {@code --log-prefix}, {@code --nflog-prefix}): a value made only of letters, digits, {@code _}
 * and {@code -} is printed bare, anything else in double quotes with {@code "}, {@code \} and {@code '} escaped by a
 * backslash. (iptables before the fix of that function's strspn test quoted every value; since then a comment such as
 * {@code kubernetes} prints bare. kube-proxy's comments always contain {@code /} or a space, so they are always
 * quoted.) {@link #verbatim} quotes only what iptables-restore's tokeniser would otherwise split or unescape.
 */
final class SaveQuoting {
    private SaveQuoting() {
    }

    static String saveString(String value) {
        boolean bare = !value.isEmpty();
        for (int k = 0; k < value.length() && bare; k++) {
            char c = value.charAt(k);
            bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
        if (bare) {
            return value;
        }
        return quote(value, true);
    }

    /** An argument kept verbatim: bare unless it is empty or holds a blank, a quote or a backslash. */
    static String verbatim(String value) {
        boolean needs = value.isEmpty();
        for (int k = 0; k < value.length() && !needs; k++) {
            char c = value.charAt(k);
            needs = c == ' ' || c == '\t' || c == '"' || c == '\\' || c == '\'';
        }
        return needs ? quote(value, true) : value;
    }

    private static String quote(String value, boolean escapeSingle) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '"' || c == '\\' || (escapeSingle && c == '\'')) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
