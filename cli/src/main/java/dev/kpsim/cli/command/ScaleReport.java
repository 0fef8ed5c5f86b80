package dev.kpsim.cli.command;

import dev.kpsim.core.analysis.cost.ConnectionCost;
import dev.kpsim.core.analysis.cost.RuleCensus;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import java.util.List;
import java.util.Optional;

/**
 * What {@code kpsim scale} found for one synthetic cluster: the spec and resolved sizes, the data plane's census and
 * other objects, rendered bytes, timings, heap, the kernel's cost per new connection, and — for an iptables
 * ClusterIP-only cluster — kube-proxy's own rule-count formula.
 *
 * @param nodes    nodes actually built
 * @param pods     pods actually built
 * @param objects  other things the data plane holds (IPVS virtual servers, ipset members, nft map elements)
 * @param rendered bytes per native format
 * @param formula  the formula's nat and filter counts, when it applies
 * @param notes    the mode's generation notes (e.g. which output flavour a version maps to)
 */
record ScaleReport(SyntheticSpec spec, int nodes, int pods, RuleCensus census, List<Count> objects, List<Count> rendered,
                   Timings timings, long heapUsedBytes, ConnectionCost cost, Optional<Formula> formula,
                   List<Diagnostic> notes) {

    /** A named count. */
    record Count(String what, long count) {
    }

    /** Wall-clock milliseconds of each stage. */
    record Timings(double clusterMillis, double generateMillis, double renderMillis, double costMillis) {
    }

    /** kube-proxy's {@code TestNumberIptablesRules} formula and whether the census agrees. */
    record Formula(long nat, long filter, boolean matches) {
    }
}
