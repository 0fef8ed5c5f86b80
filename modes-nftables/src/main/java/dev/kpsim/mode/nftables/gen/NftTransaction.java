package dev.kpsim.mode.nftables.gen;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.mode.nftables.model.BaseChain;
import dev.kpsim.mode.nftables.model.ChainType;
import dev.kpsim.mode.nftables.model.NftElement;
import dev.kpsim.mode.nftables.model.NftFamily;
import dev.kpsim.mode.nftables.model.NftHook;
import dev.kpsim.mode.nftables.model.NftRule;
import dev.kpsim.mode.nftables.model.NftSet;
import dev.kpsim.mode.nftables.model.NftTable;
import dev.kpsim.mode.nftables.model.NftTableBuilder;
import dev.kpsim.mode.nftables.model.Verdict;
import dev.kpsim.mode.nftables.text.ParsedRule;
import dev.kpsim.mode.nftables.text.RuleParser;
import java.time.Duration;
import java.util.List;

/**
 * A knftables-style transaction as kube-proxy builds it for one full sync, applied to an empty table: objects are
 * created in the order they are first added, rules are kept as the exact text kube-proxy writes (a rule comment is
 * appended as {@code comment "…"}, as knftables does) and parsed into statements when first needed
 * ({@link NftRule#deferred}). Mutable; used inside generation.
 */
final class NftTransaction {
    private final NftTableBuilder table;

    NftTransaction(NftFamily family, String name, String comment) {
        this.table = new NftTableBuilder(family, name, SourceLocation.UNKNOWN).comment(comment);
    }

    void baseChain(String name, ChainType type, NftHook hook, int priority) {
        table.addChain(name, BaseChain.of(type, hook, priority), null, null);
    }

    /** {@code ensureChain}: adds a regular chain once. */
    void chain(String name) {
        table.addChain(name, null, null, null);
    }

    void chain(String name, String comment) {
        table.addChain(name, null, comment, null);
    }

    void rule(String chain, String text, Provenance why) {
        rule(chain, text, null, why);
    }

    void rule(String chain, String text, String comment, Provenance why) {
        String full = comment == null ? text : text + " comment \"" + comment + "\"";
        if (!table.addRule(chain, NftRule.deferred(full, NftRule.TextForm.INPUT, why, null, NftTransaction::parse))) {
            throw new IllegalStateException("kube-proxy generation added a rule to missing chain " + chain);
        }
    }

    /** What {@code nft -f} makes of a rule kube-proxy wrote. */
    private static NftRule.Parsed parse(String text) {
        ParsedRule p = RuleParser.parse(text);
        return new NftRule.Parsed(p.statements(), p.comment());
    }

    void set(String name, String type, List<String> flags, Duration timeout, String comment) {
        table.addSet(new NftSet(name, false, type, false, null, flags, timeout, null, null, null, comment, List.of(),
                null));
    }

    void map(String name, String keyType, String dataType, String comment) {
        table.addSet(new NftSet(name, true, keyType, false, dataType, List.of(), null, null, null, null, comment,
                List.of(), null));
    }

    boolean hasSet(String name) {
        return table.hasSet(name);
    }

    void deleteSet(String name) {
        table.deleteSet(name);
    }

    void element(String set, List<String> key, String comment, Verdict verdict) {
        if (!table.addElement(set, new NftElement(key, comment, verdict, List.of(), null))) {
            throw new IllegalStateException("kube-proxy generation added an element to missing set " + set);
        }
    }

    NftTable build() {
        return table.build();
    }
}
