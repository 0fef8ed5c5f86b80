package dev.kpsim.mode.nftables.model;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.mode.nftables.ast.Stmt;
import java.util.List;

/**
 * One rule of a chain: its statements, its {@code comment "…"} (null when none), the text it was written with and in
 * which form (kube-proxy's {@code add rule} text is {@link TextForm#INPUT}; a line of an {@code nft list} dump is
 * {@link TextForm#LIST}), why it exists (generated rules only; null otherwise) and where it was read.
 *
 * <p>Printers reproduce a rule's own text when it is already in the form they print, so a dump prints back byte for
 * byte; otherwise they print the statements in that form.
 */
public record NftRule(List<Stmt> statements, String comment, String text, TextForm form, Provenance provenance,
                      SourceLocation location) {

    /** The syntax a rule's text was written in. */
    public enum TextForm {
        /** As {@code nft list} prints it. */
        LIST,
        /** As a program writes it for {@code nft -f} (kube-proxy through knftables). */
        INPUT
    }

    public NftRule {
        statements = List.copyOf(statements);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }
}
