package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.restore.EnsuredChain;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import java.util.List;

/**
 * The netfilter state of a freshly booted node after kube-proxy programmed it: the chains it ensures with
 * {@code iptables -N}, its {@code iptables-restore --noflush} payload, and its jumps from the built-in chains. This is
 * what {@code iptables-save} lists on that node and what the interpreter runs packets through.
 */
public final class KernelRulesets {
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
        return RulesetMerger.merge(r, payload, fileName).ruleset();
    }

    /** {@code iptables-save} (or {@code ip6tables-save}) of that state. */
    public static String save(RestorePayload payload, List<EnsuredChain> ensured, SaveOptions options) {
        return SavePrinter.print(afterRestore(payload, ensured, restoreName(payload.family())), options);
    }

    private static String restoreName(IpFamily f) {
        return f == IpFamily.IPV6 ? "<ip6tables-restore payload>" : "<iptables-restore payload>";
    }
}
