package dev.kpsim.mode.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.mode.nftables.gen.NftGeneratorOptions;
import dev.kpsim.mode.nftables.model.NftChain;
import dev.kpsim.mode.nftables.model.NftRule;
import dev.kpsim.mode.nftables.model.NftTable;
import dev.kpsim.mode.nftables.text.ParsedRule;
import dev.kpsim.mode.nftables.text.RuleParser;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A generated rule parses its text only when its statements are asked for, and then as an eager parse would. */
class DeferredRuleTest {

    private static NftRule.Parsed parse(String text) {
        ParsedRule p = RuleParser.parse(text);
        return new NftRule.Parsed(p.statements(), p.comment());
    }

    @Test
    void parsesOnceAndOnlyWhenAsked() {
        AtomicInteger calls = new AtomicInteger();
        String text = "fib saddr type local goto service-X comment \"short-circuit local traffic\"";
        NftRule r = NftRule.deferred(text, NftRule.TextForm.INPUT, Provenance.fixed("jump"), null, t -> {
            calls.incrementAndGet();
            return parse(t);
        });
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.form()).isEqualTo(NftRule.TextForm.INPUT);
        assertThat(calls).hasValue(0);
        assertThat(r.comment()).isEqualTo("short-circuit local traffic");
        assertThat(r.statements()).hasSize(2);
        assertThat(calls).hasValue(1);

        ParsedRule eager = RuleParser.parse(text);
        NftRule same = new NftRule(eager.statements(), eager.comment(), text, NftRule.TextForm.INPUT,
                Provenance.fixed("jump"), null);
        assertThat(r).isEqualTo(same).hasSameHashCodeAs(same).hasToString(same.toString());
        assertThat(r).isNotEqualTo(new NftRule(eager.statements(), null, text, NftRule.TextForm.INPUT,
                Provenance.fixed("jump"), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31", "1.33", "1.35", "1.36"})
    void everyGeneratedRuleHasTheStatementsOfItsText(String version) {
        NftablesDataPlane dp = NftablesMode.generate(Hostnames.input(KubeProxyVersion.parse(version).orElseThrow()),
                NftGeneratorOptions.defaults());
        int rules = 0;
        for (NftTable t : dp.ruleset().tables()) {
            for (NftChain c : t.chains()) {
                for (NftRule r : c.rules()) {
                    ParsedRule p = RuleParser.parse(r.text());
                    assertThat(r.statements()).as(r.text()).isEqualTo(p.statements());
                    assertThat(r.comment()).as(r.text()).isEqualTo(p.comment());
                    rules++;
                }
            }
        }
        assertThat(rules).isGreaterThan(20);
    }
}
