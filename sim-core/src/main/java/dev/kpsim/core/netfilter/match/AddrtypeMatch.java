package dev.kpsim.core.netfilter.match;

/**
 * {@code -m addrtype [!] --src-type T [!] --dst-type T [--limit-iface-in|--limit-iface-out]}. Types are the kernel's
 * names ({@code LOCAL}, {@code UNICAST}, ...); null when absent. kpsim knows {@code LOCAL} (the node's addresses and
 * 127.0.0.0/8) and treats other types conservatively.
 */
public record AddrtypeMatch(String srcType, boolean srcNegated, String dstType, boolean dstNegated,
                            boolean limitIfaceIn, boolean limitIfaceOut) implements Match {
}
