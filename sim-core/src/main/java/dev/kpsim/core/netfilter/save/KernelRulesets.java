package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.restore.EnsuredChain;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import java.util.Comparator;
import java.util.List;

/**
 * The netfilter state of a freshly booted node after kube-proxy programmed it: the chains it ensures with
 * {@code iptables -N}, its {@code iptables-restore --noflush} payload, and its jumps from the built-in chains, with the
 * tables in the order {@code iptables-nft-save} lists them. This is what {@code iptables-save} lists on that node and
 * what the interpreter runs packets through.
 */
public final class KernelRulesets {

    /**
     * The order {@code iptables-nft-save} lists tables in (its built-in table list in {@code iptables/nft.c}), the
     * backend current distributions and kube-proxy images use; checked against the kernel by the emulator's fidelity
     * test. ({@code iptables-legacy-save} lists them newest-registered first, which depends on the node's history.)
     */
    static final List<String> SAVE_ORDER = List.of("raw", "mangle", "filter", "security", "nat");

    private KernelRulesets() {
    }

    /**
     * Applies {@code ensured} chains, then {@code payload} with its built-in jumps, to an empty ruleset.
     *
     * @throws dev.kpsim.core.diag.BadInputException if the payload cannot be restored (a generator bug or bad input)
     */
    public static Ruleset afterRestore(RestorePayload payload, List<EnsuredChain> ensured, String fileName) {
        Ruleset r = new Ruleset(payload.family(), List.of());
        for (EnsuredChain c : ensured) {
            r = RulesetMerger.ensureChain(r, c.table(), c.chain());
        }
        Ruleset merged = RulesetMerger.merge(r, payload, fileName).ruleset();
        return new Ruleset(merged.family(), merged.tables().stream()
                .sorted(Comparator.comparingInt(t -> SAVE_ORDER.indexOf(t.name()))).toList());
    }

    /** {@code iptables-save} (or {@code ip6tables-save}) of that state. */
    public static String save(RestorePayload payload, List<EnsuredChain> ensured, SaveOptions options) {
        return SavePrinter.print(afterRestore(payload, ensured, restoreName(payload.family())), options);
    }

    private static String restoreName(IpFamily f) {
        return f == IpFamily.IPV6 ? "<ip6tables-restore payload>" : "<iptables-restore payload>";
    }
}
