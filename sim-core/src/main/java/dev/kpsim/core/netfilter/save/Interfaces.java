package dev.kpsim.core.netfilter.save;

/** Interface names as iptables checks them ({@code parse_interface}): non-empty, shorter than IFNAMSIZ (16). */
final class Interfaces {
    private Interfaces() {
    }

    static String name(Token token, LineScope scope) {
        String n = token.text();
        if (n.isEmpty()) {
            throw scope.error(token, "bad-interface", "an empty interface name is likely to be undesired");
        }
        if (n.length() >= 16) {
            throw scope.error(token, "bad-interface", "interface name '" + n + "' must be shorter than 16 characters");
        }
        return n;
    }
}
