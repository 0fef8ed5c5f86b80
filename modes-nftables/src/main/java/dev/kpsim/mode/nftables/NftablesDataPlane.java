package dev.kpsim.mode.nftables;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.engine.path.NodePathSimulator;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.mode.nftables.engine.NftSimulator;
import dev.kpsim.mode.nftables.model.NftRuleset;
import dev.kpsim.mode.nftables.text.InputPrinter;
import dev.kpsim.mode.nftables.text.ListPrinter;
import dev.kpsim.mode.nftables.text.NftParser;
import dev.kpsim.mode.nftables.text.ParseResult;
import java.util.List;
import java.util.Optional;

/**
 * What a node in nftables mode is programmed with: kube-proxy's {@code ip}/{@code ip6 kube-proxy} tables (generated),
 * or every table of a real {@code nft list ruleset} dump (parsed). Renders as {@code nft} (what
 * {@code nft list ruleset} prints; the default) or {@code nft-f} (an {@code nft -f} transaction in knftables' syntax),
 * and simulates with {@link NftSimulator} followed by the node's bridge and routes ({@link NodePathSimulator}).
 * Immutable.
 */
public record NftablesDataPlane(NftRuleset ruleset, List<Diagnostic> notes) implements DataPlane {

    /** The render formats: {@code nft} (list form, default) and {@code nft-f} (input form). */
    public static final List<String> FORMATS = List.of("nft", "nft-f");

    public NftablesDataPlane {
        notes = List.copyOf(notes);
    }

    /**
     * Reads a real node's {@code nft list ruleset} (or {@code nft list table}, or an {@code nft -f} file).
     *
     * @throws dev.kpsim.core.diag.BadInputException with located diagnostics if the text cannot be read
     */
    public static NftablesDataPlane fromDump(String text, String file) {
        ParseResult r = NftParser.parse(text, file);
        return new NftablesDataPlane(r.orThrow(), r.diagnostics());
    }

    @Override
    public String mode() {
        return NftablesMode.NAME;
    }

    @Override
    public String render(String format) {
        return switch (format) {
            case "nft" -> ListPrinter.ruleset(ruleset);
            case "nft-f" -> InputPrinter.ruleset(ruleset);
            default -> throw new IllegalArgumentException("nftables mode has no format '" + format
                    + "' (formats: nft, nft-f)");
        };
    }

    @Override
    public Optional<Simulator> simulator(NodeEnvironment env) {
        return Optional.of(NodePathSimulator.wrap(new NftSimulator(ruleset, env), env));
    }
}
