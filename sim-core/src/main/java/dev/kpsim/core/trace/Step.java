package dev.kpsim.core.trace;

import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.packet.Packet;

/**
 * One thing that happened to a packet on its way through a node, as data. Renderers (text in the manner of
 * {@code xtables-monitor --trace}, JSON, DOT) live apart from the engines that produce steps.
 */
public sealed interface Step {

    /** The packet passed a hook; engines record this once per hook traversal. */
    record HookStep(Hook hook) implements Step {
    }

    /** Evaluation entered a chain (a base chain at a hook, or a jump/goto target). */
    record ChainStep(String table, String chain) implements Step {
    }

    /**
     * A rule matched. {@code ruleNumber} is 1-based within its chain; {@code ruleText} is the rule as printed in the
     * mode's native syntax; {@code action} says what followed ({@code jump KUBE-SVC-…}, {@code DNAT}, {@code continue}).
     */
    record RuleStep(String table, String chain, int ruleNumber, String ruleText, String action, Provenance provenance)
            implements Step {
    }

    /**
     * A probabilistic choice: a {@code statistic}/{@code numgen} rule matched ({@code taken}) or not, with the
     * probability of what happened.
     */
    record BranchStep(String table, String chain, int ruleNumber, double probability, boolean taken) implements Step {
    }

    /** A chain ended and its policy (built-in) or an implicit return (user chain) applied. */
    record PolicyStep(String table, String chain, String policy) implements Step {
    }

    /** Headers changed: DNAT, SNAT, MASQUERADE, REDIRECT, MARK, CONNMARK, or a proxy's new connection. */
    record TransformStep(String kind, Packet before, Packet after) implements Step {
    }

    /** Conntrack was consulted: the connection's state and whether an existing translation was reused. */
    record ConntrackStep(String state, String detail) implements Step {
    }

    /** The routing decision after PREROUTING / OUTPUT: local delivery, forwarding, or output. */
    record RoutingStep(String decision, String reason) implements Step {
    }

    /** A mode-specific event that is not a rule: an IPVS scheduler's choice, the userspace proxier's pick. */
    record ModeStep(String mode, String description) implements Step {
    }

    /** A construct kpsim does not model was met; the outcome is uncertain. */
    record UncertainStep(String construct, String reason) implements Step {
    }
}
