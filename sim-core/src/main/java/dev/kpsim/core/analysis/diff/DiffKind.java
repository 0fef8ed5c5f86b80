package dev.kpsim.core.analysis.diff;

/**
 * Kinds of semantic difference between two nodes' data planes. The first four change what traffic does and make
 * {@code kpsim diff} exit 3; the rule count and evaluation cost are reported, not counted; drift counts when one side
 * is a real node's dump.
 */
public enum DiffKind {
    /** A cell's set of ends changed: other endpoints, or DROP / REJECT / untranslated instead. */
    REACHABILITY(true),
    /** Same ends, different shares. */
    DISTRIBUTION(true),
    /** Same ends and shares, but masquerading or the source address after SNAT changed. */
    MASQUERADE(true),
    /** An established connection's next packet goes elsewhere than before the events (or nowhere). */
    ESTABLISHED(true),
    /** Kubernetes rules present on one side only (drift of a node's rules from what kube-proxy writes). */
    DRIFT(true),
    /** Number of rules / IPVS entries. */
    RULE_COUNT(false),
    /** Rules evaluated per new connection. */
    EVALUATION_COST(false);

    private final boolean semantic;

    DiffKind(boolean semantic) {
        this.semantic = semantic;
    }

    /** True if a difference of this kind makes the comparison "different". */
    public boolean semantic() {
        return semantic;
    }
}
