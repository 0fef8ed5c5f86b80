package dev.kpsim.mode.nftables.model;

/** The nftables verdicts ({@code nft(8)} "VERDICT STATEMENT"). JUMP and GOTO carry a chain name. */
public enum VerdictKind {
    ACCEPT, DROP, QUEUE, CONTINUE, RETURN, JUMP, GOTO;

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
