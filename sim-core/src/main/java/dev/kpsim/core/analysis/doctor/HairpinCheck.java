package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.analysis.graph.IptablesGraphSource;
import dev.kpsim.core.analysis.hairpin.CitedRule;
import dev.kpsim.core.analysis.hairpin.HairpinAnalysis;
import dev.kpsim.core.analysis.hairpin.HairpinCase;
import dev.kpsim.core.analysis.hairpin.HairpinReport;
import dev.kpsim.core.analysis.hairpin.HairpinSubject;
import dev.kpsim.core.analysis.hairpin.HairpinVerdict;
import dev.kpsim.core.analysis.hairpin.InvalidDrop;
import dev.kpsim.core.analysis.reach.NodeTarget;
import dev.kpsim.core.analysis.reach.NodeTargets;
import dev.kpsim.core.analysis.reach.Shares;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.net.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hairpin for one service port: each endpoint pod on this node connects to the service's ClusterIP; the share of
 * those connections balanced back to the pod itself must be masqueraded, or the pod answers itself directly and the
 * connection hangs (kube-proxy's KUBE-SEP {@code -s <pod IP> -j KUBE-MARK-MASQ}, nftables' {@code ip saddr <pod IP>
 * jump mark-for-masquerade}). Whether the bridge then sends the frame back out of the pod's own port is the kubelet's
 * {@code --hairpin-mode}, decided in the kernel, not in these rules: the verdict per mode comes from the hairpin
 * analysis ({@link HairpinAnalysis}, reference/hairpin.md).
 */
final class HairpinCheck {
    private HairpinCheck() {
    }

    /**
     * What the bridge does with the self-connection under each kubelet hairpin mode (bridge-nf-call-iptables=1), from
     * the hairpin analysis's kernel facts: {@code none FAILS 1/3, hairpin-veth works, promiscuous-bridge FAILS 1/3}.
     */
    private static String kernel(NodeSubject subject, ServicePortEntry e, String pod, EndpointInfo ep) {
        HairpinSubject hs = new HairpinSubject(pod, subject.nodeName(), ep.address().ip(), e.info().name().toString(),
                e.info().protocol(), new HostPort(e.info().clusterIp(), e.info().port()));
        NodeTargets targets = NodeTargets.single(new NodeTarget(subject.nodeName(), subject.simulator().orElseThrow(),
                subject.environment()));
        Optional<CitedRule> invalid = subject.rules().iptables().isEmpty() ? Optional.empty()
                : InvalidDrop.find(IptablesGraphSource.of(subject.rules().iptables(), subject.mode()));
        HairpinReport r = HairpinAnalysis.run(subject.mode(), List.of(hs), targets, n -> invalid);
        List<String> parts = new ArrayList<>();
        for (HairpinCase c : r.cases()) {
            for (HairpinVerdict v : c.verdicts()) {
                if (v.bridgeNfCallIptables()) {
                    parts.add(v.mode().flag() + " " + switch (v.result()) {
                        case WORKS -> "works";
                        case FAILS -> "FAILS " + Shares.format(v.failed());
                        case UNVERIFIED -> "unverified " + Shares.format(v.unverified());
                    });
                }
            }
        }
        return "kubelet --hairpin-mode " + String.join(", ", parts) + " (bridge-nf-call-iptables=1; kpsim hairpin explains)";
    }

    /** The verdict for one endpoint pod, with the rules of the self-connection's path. */
    record Result(StepStatus status, String text, EndpointInfo endpoint, List<String> lines) {
    }

    static List<Result> run(NodeSubject subject, Probes probes, NodeProxyView view, ServicePortEntry e) {
        List<Result> out = new ArrayList<>();
        Frontend cip = subject.frontends(view, e).get(0);
        for (EndpointInfo ep : e.categorized().allReachable()) {
            Optional<String> pod = Optional.ofNullable(subject.environment().localPods().get(ep.address().ip()));
            if (pod.isEmpty()) {
                continue;
            }
            Client self = Client.pod(pod.get(), ep.address().ip());
            Optional<Probe> found = probes.probe(self, cip);
            if (found.isEmpty()) {
                continue;
            }
            Probe probe = found.get();
            Delivery d = probe.delivery();
            List<Delivery.Share> back = d.shares().stream()
                    .filter(s -> s.end() == Delivery.End.ENDPOINT && s.destination().ip().equals(ep.address().ip())).toList();
            String head = self.label() + " -> " + cip.addressLabel() + ": ";
            if (back.isEmpty()) {
                out.add(new Result(StepStatus.OK, head + "never balanced back to itself (" + d.summary() + ")", ep, List.of()));
                continue;
            }
            double share = back.stream().mapToDouble(Delivery.Share::probability).sum();
            boolean masq = back.stream().allMatch(Delivery.Share::masquerade);
            String src = back.stream().filter(s -> s.newSource() != null).map(s -> " to " + s.newSource()).findFirst().orElse("");
            if (masq) {
                out.add(new Result(StepStatus.OK, head + Delivery.percent(share) + " back to itself, masqueraded" + src
                        + "; the bridge decides the rest: " + kernel(subject, e, pod.get(), ep), ep, List.of()));
            } else {
                out.add(new Result(StepStatus.FAIL, head + Delivery.percent(share)
                        + " back to itself without masquerade: the reply never returns through the node", ep,
                        probe.rulesTo(ep.address(), subject.rules())));
            }
        }
        return out;
    }
}
