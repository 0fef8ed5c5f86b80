package dev.kpsim.mode.nftables.model;

import java.util.Optional;

/**
 * A verdict as a statement or as a verdict-map value: {@code accept}, {@code drop}, {@code jump CHAIN},
 * {@code goto CHAIN}, ... {@code chain} is null unless the kind is JUMP or GOTO.
 */
public record Verdict(VerdictKind kind, String chain) {

    public static Verdict of(VerdictKind kind) {
        return new Verdict(kind, null);
    }

    public static Verdict goTo(String chain) {
        return new Verdict(VerdictKind.GOTO, chain);
    }

    /** Parses {@code accept}/{@code drop}/... ({@code chain} is the next word for jump/goto). */
    public static Optional<Verdict> parse(String word, String next) {
        return switch (word) {
            case "accept" -> Optional.of(of(VerdictKind.ACCEPT));
            case "drop" -> Optional.of(of(VerdictKind.DROP));
            case "queue" -> Optional.of(of(VerdictKind.QUEUE));
            case "continue" -> Optional.of(of(VerdictKind.CONTINUE));
            case "return" -> Optional.of(of(VerdictKind.RETURN));
            case "jump" -> next == null ? Optional.empty() : Optional.of(new Verdict(VerdictKind.JUMP, next));
            case "goto" -> next == null ? Optional.empty() : Optional.of(goTo(next));
            default -> Optional.empty();
        };
    }

    /** True for verdict keywords. */
    public static boolean isKeyword(String word) {
        return switch (word) {
            case "accept", "drop", "queue", "continue", "return", "jump", "goto" -> true;
            default -> false;
        };
    }

    /** {@code goto service-…} as nft prints it. */
    public String text() {
        return chain == null ? kind.keyword() : kind.keyword() + " " + chain;
    }

    @Override
    public String toString() {
        return text();
    }
}
