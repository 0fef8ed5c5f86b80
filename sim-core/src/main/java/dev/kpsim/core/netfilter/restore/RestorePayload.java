package dev.kpsim.core.netfilter.restore;

import dev.kpsim.core.net.IpFamily;
import java.util.List;
import java.util.Optional;

/**
 * An {@code iptables-restore --noflush} payload (or {@code ip6tables-restore} for IPv6), as a generator wrote it:
 * the exact bytes kube-proxy would hand to the kernel, plus per-line provenance. The jump rules kube-proxy puts
 * into built-in chains with {@code iptables -I} are not part of the payload; they are kept separately in
 * {@link #builtinJumps()} in the order they end up in the kernel (first = rule 1).
 */
public record RestorePayload(IpFamily family, List<RestoreTable> tables, List<BuiltinJump> builtinJumps) {

    public RestorePayload {
        tables = List.copyOf(tables);
        builtinJumps = List.copyOf(builtinJumps);
    }

    /**
     * A rule kube-proxy ensures in a built-in chain ({@code EnsureRule(Prepend, …)}), such as
     * {@code nat PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES}.
     *
     * @param args the rule arguments after {@code -A CHAIN}
     */
    public record BuiltinJump(String table, String chain, String args) {
    }

    public Optional<RestoreTable> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The payload text: {@code *table}, its lines, {@code COMMIT}, for each table, newline-terminated. */
    public String render() {
        StringBuilder sb = new StringBuilder(1 << 12);
        for (RestoreTable t : tables) {
            sb.append('*').append(t.name()).append('\n');
            for (RestoreLine l : t.lines()) {
                sb.append(l.text()).append('\n');
            }
            sb.append("COMMIT\n");
        }
        return sb.toString();
    }

    /** Number of {@code -A} rule lines in a table (chain declarations and deletes excluded). */
    public int ruleCount(String table) {
        return table(table).map(t -> (int) t.lines().stream().filter(l -> l.text().startsWith("-A ")).count()).orElse(0);
    }
}
