package dev.kpsim.core.netfilter.match;

/**
 * {@code [!] -i NAME} / {@code [!] -o NAME}; a trailing {@code +} matches every interface with that prefix, as in
 * the kernel's {@code ifname} wildcard.
 */
public record InterfaceMatch(boolean input, String name, boolean negated) implements Match {
    /** True if {@code iface} matches the pattern (ignoring negation). */
    public boolean matchesName(String iface) {
        if (iface == null) {
            return false;
        }
        return name.endsWith("+") ? iface.startsWith(name.substring(0, name.length() - 1)) : iface.equals(name);
    }
}
