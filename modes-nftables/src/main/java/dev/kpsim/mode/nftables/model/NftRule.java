package dev.kpsim.mode.nftables.model;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.mode.nftables.ast.Stmt;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One rule of a chain: its statements, its {@code comment "…"} (null when none), the text it was written with and in
 * which form (kube-proxy's {@code add rule} text is {@link TextForm#INPUT}; a line of an {@code nft list} dump is
 * {@link TextForm#LIST}), why it exists (generated rules only; null otherwise) and where it was read.
 *
 * <p>Printers reproduce a rule's own text when it is already in the form they print, so a dump prints back byte for
 * byte; otherwise they print the statements in that form.
 *
 * <p>A rule made with {@link #deferred} holds only its text until its statements or comment are first asked for, and
 * then parses it once, as {@code nft -f} would when loading kube-proxy's transaction: writing 200,000 generated rules
 * back out as {@code nft -f} text needs no parse at all. Either way the rule is immutable in what it shows and
 * thread-safe; equality and hashing are those of a record of the six values.
 */
public final class NftRule {

    /** The syntax a rule's text was written in. */
    public enum TextForm {
        /** As {@code nft list} prints it. */
        LIST,
        /** As a program writes it for {@code nft -f} (kube-proxy through knftables). */
        INPUT
    }

    /** What parsing a rule's text yields: its statements and its trailing comment (null when none). */
    public record Parsed(List<Stmt> statements, String comment) {
        public Parsed {
            statements = List.copyOf(statements);
        }
    }

    private final String text;
    private final TextForm form;
    private final Provenance provenance;
    private final SourceLocation location;
    private final Function<String, Parsed> parser;
    private volatile Parsed parsed;

    public NftRule(List<Stmt> statements, String comment, String text, TextForm form, Provenance provenance,
                   SourceLocation location) {
        this(text, form, provenance, location, null, new Parsed(statements, comment));
    }

    private NftRule(String text, TextForm form, Provenance provenance, SourceLocation location,
                    Function<String, Parsed> parser, Parsed parsed) {
        this.text = text;
        this.form = form;
        this.provenance = provenance;
        this.location = location == null ? SourceLocation.UNKNOWN : location;
        this.parser = parser;
        this.parsed = parsed;
    }

    /**
     * A rule known by its text, parsed by {@code parser} (a pure function of the text) when first needed.
     *
     * @param text the rule's full text, comment included; not null
     */
    public static NftRule deferred(String text, TextForm form, Provenance provenance, SourceLocation location,
                                   Function<String, Parsed> parser) {
        return new NftRule(Objects.requireNonNull(text), form, provenance, location, Objects.requireNonNull(parser),
                null);
    }

    private Parsed parsed() {
        Parsed p = parsed;
        if (p == null) {
            p = parser.apply(text);
            parsed = p;
        }
        return p;
    }

    public List<Stmt> statements() {
        return parsed().statements();
    }

    public String comment() {
        return parsed().comment();
    }

    public String text() {
        return text;
    }

    public TextForm form() {
        return form;
    }

    public Provenance provenance() {
        return provenance;
    }

    public SourceLocation location() {
        return location;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NftRule r && r.statements().equals(statements()) && Objects.equals(r.comment(), comment())
                && Objects.equals(r.text, text) && r.form == form && Objects.equals(r.provenance, provenance)
                && r.location.equals(location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(statements(), comment(), text, form, provenance, location);
    }

    @Override
    public String toString() {
        return "NftRule[statements=" + statements() + ", comment=" + comment() + ", text=" + text + ", form=" + form
                + ", provenance=" + provenance + ", location=" + location + "]";
    }
}
