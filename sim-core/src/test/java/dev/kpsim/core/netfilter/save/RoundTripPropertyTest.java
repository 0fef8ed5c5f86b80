package dev.kpsim.core.netfilter.save;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.netfilter.Ruleset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * print → parse → print is the identity, for restore and save layouts, on random rulesets that use every match and
 * target kind (and, in {@link DumpFixturesTest}, on real dumps and generated payloads).
 */
class RoundTripPropertyTest {

    @Provide
    Arbitrary<Ruleset> rulesets() {
        return Arbitraries.randomValue(RandomRulesets::generate);
    }

    @Property(tries = 300)
    void restoreLayoutPrintsTheSameAfterParsing(@ForAll("rulesets") Ruleset ruleset) {
        String first = RestorePrinter.print(ruleset);
        ParseResult parsed = IptablesParser.parseDump(first, "generated", ruleset.family());
        assertThat(parsed.diagnostics(Severity.WARNING)).isEmpty();
        assertThat(RestorePrinter.print(parsed.ruleset())).isEqualTo(first);
        assertThat(SavePrinter.print(parsed.ruleset())).isEqualTo(SavePrinter.print(ruleset));
    }

    @Property(tries = 300)
    void saveLayoutPrintsTheSameAfterParsing(@ForAll("rulesets") Ruleset ruleset) {
        SaveOptions withCounters = SaveOptions.DEFAULT.withCounters(true);
        String first = SavePrinter.print(ruleset, withCounters);
        Ruleset parsed = IptablesParser.parseDump(first, "generated", ruleset.family()).ruleset();
        assertThat(SavePrinter.print(parsed, withCounters)).isEqualTo(first);
        assertThat(RestorePrinter.print(IptablesParser.parseDump(RestorePrinter.print(parsed), "again", ruleset.family()).ruleset()))
                .isEqualTo(RestorePrinter.print(parsed));
    }

    @Property(tries = 100)
    void generatedPayloadsRoundTripThroughTheirSaveForm(@ForAll("rulesets") Ruleset ruleset) {
        String hostnames = SavePrinter.print(IptablesParser.parsePayload(HostnamesAcceptanceTest.payload(), "p").ruleset());
        assertThat(SavePrinter.print(IptablesParser.parseDump(hostnames, "s").ruleset())).isEqualTo(hostnames);
        String restore = RestorePrinter.print(IptablesParser.parsePayload(HostnamesAcceptanceTest.payload(), "p").ruleset());
        assertThat(RestorePrinter.print(IptablesParser.parseDump(restore, "r").ruleset())).isEqualTo(restore);
    }
}
