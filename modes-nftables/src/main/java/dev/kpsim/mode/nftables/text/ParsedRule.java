package dev.kpsim.mode.nftables.text;

import dev.kpsim.mode.nftables.ast.Stmt;
import java.util.List;

/** The statements of one rule and its trailing {@code comment "…"} text (without quotes; null when none). */
public record ParsedRule(List<Stmt> statements, String comment) {
    public ParsedRule {
        statements = List.copyOf(statements);
    }
}
