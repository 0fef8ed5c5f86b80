package dev.kpsim.core.analysis.check;

import dev.kpsim.core.analysis.doctor.Delivery;
import dev.kpsim.core.analysis.doctor.Probe;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a probe's outcomes as kube-proxy's packet tracer reports them ({@code tracePacket} in
 * {@code pkg/proxy/iptables/proxier_test.go}): the endpoints a new connection may reach, in kube-proxy's endpoint order
 * (the order of the cascade's rules), joined by {@code ", "}; {@code DROP} / {@code REJECT} for connections a rule
 * stops; {@code ACCEPT} when an explicit accept rule lets it through untranslated (a health-check node port); and
 * {@code ""} when nothing translates it. {@code masq} is true when any way it goes is masqueraded.
 */
public final class KubeProxyOutput {
    private KubeProxyOutput() {
    }

    public static String output(Probe probe) {
        Delivery d = probe.delivery();
        List<String> parts = new ArrayList<>();
        d.endpoints().forEach(e -> parts.add(e.toString()));
        if (d.probability(Delivery.End.DROP) > 0) {
            parts.add("DROP");
        }
        if (d.probability(Delivery.End.REJECT) > 0) {
            parts.add("REJECT");
        }
        if (parts.isEmpty() && d.probability(Delivery.End.PASS) > 0 && acceptedByRule(probe)) {
            parts.add("ACCEPT");
        }
        return String.join(", ", parts);
    }

    public static boolean masq(Probe probe) {
        return probe.delivery().shares().stream().anyMatch(Delivery.Share::masquerade);
    }

    private static boolean acceptedByRule(Probe probe) {
        for (Outcome o : probe.outcomes()) {
            for (Step s : o.hops()) {
                if (s instanceof Step.RuleStep r && r.action().equals("ACCEPT") && !r.chain().equals("KUBE-FORWARD")) {
                    return true;
                }
            }
        }
        return false;
    }
}
