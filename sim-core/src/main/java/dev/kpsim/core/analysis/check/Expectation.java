package dev.kpsim.core.analysis.check;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One assertion of a scenario's {@code expect:} section (or of a kube-proxy-style flow table) about a node's data
 * plane. Every expectation has a name (given or derived), where it was written, and optionally the one mode it
 * applies to (rule text differs between modes).
 */
public sealed interface Expectation {

    String name();

    SourceLocation location();

    /** The mode this expectation is limited to, if any. */
    Optional<String> mode();

    /**
     * New connections from {@code from} to {@code to} reach exactly {@code endpoints} (any shares), or end with
     * {@code verdict} ({@code ACCEPT}, {@code DROP}, {@code REJECT}, or {@code UNTRANSLATED} for no DNAT); optionally
     * all masqueraded or none.
     */
    record Reach(String name, SourceLocation location, Optional<String> mode, ClientRef from, FrontendRef to,
                 Optional<Protocol> protocol, Optional<List<HostPort>> endpoints, Optional<String> verdict,
                 Optional<Boolean> masquerade) implements Expectation {
        public Reach {
            endpoints = endpoints.map(List::copyOf);
        }
    }

    /**
     * New connections from {@code from} to {@code to} spread over endpoints with these exact shares (within
     * {@code tolerance}); {@code shares} empty with {@code even} true means equal shares over whatever is reached.
     */
    record Distribution(String name, SourceLocation location, Optional<String> mode, ClientRef from, FrontendRef to,
                        Optional<Protocol> protocol, Map<HostPort, Double> shares, boolean even, double tolerance)
            implements Expectation {
        public Distribution {
            shares = Map.copyOf(shares);
        }
    }

    /**
     * The pod's connection to its own Service, when balanced back to itself, is masqueraded ({@code works} true) or
     * not (false) — kube-proxy's part of hairpin; {@code service} narrows it to one Service (default: every Service
     * the pod is an endpoint of).
     */
    record Hairpin(String name, SourceLocation location, Optional<String> mode, String pod, Optional<String> service,
                   boolean works) implements Expectation {
    }

    /**
     * The number of rules (optionally of one table and/or chain) is {@code equals}, or within {@code min}..{@code max}.
     */
    record RuleCount(String name, SourceLocation location, Optional<String> mode, Optional<String> table,
                     Optional<String> chain, Optional<Integer> equals, Optional<Integer> min, Optional<Integer> max)
            implements Expectation {
    }

    /** An exact rule line (as {@code iptables-save}, {@code nft list ruleset} or {@code ipvsadm -Sn} prints it) is present / absent. */
    record RuleLine(String name, SourceLocation location, Optional<String> mode, String line, boolean present)
            implements Expectation {
    }

    /** A flow in kube-proxy's {@code packetFlowTest} style. */
    record Flow(String name, SourceLocation location, Optional<String> mode, KubeProxyFlow flow) implements Expectation {
    }
}
