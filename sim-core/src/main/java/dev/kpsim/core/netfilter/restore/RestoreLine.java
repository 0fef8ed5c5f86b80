package dev.kpsim.core.netfilter.restore;

/**
 * One line of an {@code iptables-restore} payload exactly as written: a chain declaration
 * ({@code :KUBE-SERVICES - [0:0]}), a rule ({@code -A CHAIN args…}), or a delete ({@code -X CHAIN}), with the
 * provenance of the rule when a generator wrote it (null otherwise).
 */
public record RestoreLine(String text, Provenance provenance) {
    public static RestoreLine of(String text) {
        return new RestoreLine(text, null);
    }
}
