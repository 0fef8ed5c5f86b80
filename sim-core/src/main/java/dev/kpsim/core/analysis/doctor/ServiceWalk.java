package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.analysis.doctor.DoctorStep.Detail;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Kubernetes "Debug Services" walk-through for one Service on one node, automated: does the Service exist, does
 * it have endpoints, are they ready, does the node have the rule structure kube-proxy writes for it, does traffic
 * reach every endpoint, and can an endpoint reach itself through the Service (hairpin).
 */
final class ServiceWalk {

    /** One service port in one family's view. */
    record Port(NodeProxyView view, ServicePortEntry entry) {
        String label(boolean multi) {
            ServicePortInfo i = entry.info();
            String base = (i.name().port().isEmpty() ? "" : i.name().port() + " ") + i.port() + "/" + i.protocol().name();
            return multi ? base + " (" + view.family().kubernetesName() + ")" : base;
        }
    }

    private final NodeSubject subject;
    private final Probes probes;

    ServiceWalk(NodeSubject subject, Probes probes) {
        this.subject = subject;
        this.probes = probes;
    }

    ServiceDiagnosis walk(Service svc, List<Port> ports) {
        List<DoctorStep> steps = new ArrayList<>();
        steps.add(exists(svc, ports));
        if (svc.skippedByProxy() || ports.isEmpty()) {
            return new ServiceDiagnosis(svc.key(), steps);
        }
        boolean multiFamily = ports.stream().map(p -> p.view().family()).distinct().count() > 1;
        steps.add(endpoints(svc, ports, multiFamily));
        steps.add(ready(ports, multiFamily));
        steps.add(rules(ports, multiFamily));
        steps.add(traffic(ports));
        steps.add(hairpin(ports));
        return new ServiceDiagnosis(svc.key(), steps);
    }

    private DoctorStep exists(Service svc, List<Port> ports) {
        String title = "Service " + svc.key() + " exists";
        if (svc.skippedByProxy()) {
            String why = svc.type() == dev.kpsim.core.cluster.ServiceType.ExternalName ? "type ExternalName"
                    : svc.headless() ? "headless (clusterIP None)" : "no ClusterIP";
            return DoctorStep.of("exists", title, List.of(new Detail(StepStatus.WARN, why
                    + ": kube-proxy writes no rules for it (DNS answers with the pods or the external name)")));
        }
        if (ports.isEmpty()) {
            return DoctorStep.of("exists", title, List.of(new Detail(StepStatus.FAIL, "node " + subject.nodeName()
                    + " proxies none of its ClusterIP families")));
        }
        List<Detail> d = new ArrayList<>();
        String ips = svc.clusterIps().stream().map(Object::toString).collect(Collectors.joining(", "));
        String portList = svc.ports().stream().map(p -> p.port() + "/" + p.protocol().name()
                + (p.targetPort() == null ? "" : " -> " + p.targetPort())).collect(Collectors.joining(", "));
        d.add(new Detail(StepStatus.OK, svc.type() + " " + ips + ", port" + (svc.ports().size() == 1 ? " " : "s ") + portList));
        return DoctorStep.of("exists", title, d);
    }

    private DoctorStep endpoints(Service svc, List<Port> ports, boolean multi) {
        List<Detail> d = new ArrayList<>();
        boolean many = ports.size() > 1;
        for (Port p : ports) {
            ServicePortEntry e = p.entry();
            String label = many ? p.label(multi) + ": " : "";
            if (e.endpoints().isEmpty()) {
                String why = svc.selector() == null ? "the Service has no selector and no EndpointSlice names it"
                        : svc.selector().isEmpty() ? "the Service's selector is empty"
                        : "no pod matching selector " + selector(svc.selector()) + " serves this port";
                d.add(new Detail(StepStatus.FAIL, label + "no endpoints: " + why));
                continue;
            }
            String eps = e.endpoints().stream().map(ep -> ep + (ep.nodeName() != null ? " on " + ep.nodeName() : ""))
                    .collect(Collectors.joining(", "));
            d.add(new Detail(StepStatus.OK, label + e.endpoints().size() + " endpoint" + (e.endpoints().size() == 1 ? "" : "s")
                    + ": " + eps));
            CategorizedEndpoints cat = e.categorized();
            ServicePortInfo i = e.info();
            if (cat.hasAnyEndpoints() && i.usesLocalEndpoints() && cat.localEndpoints().isEmpty()) {
                String policy = i.internalPolicyLocal() ? "internalTrafficPolicy" : "externalTrafficPolicy";
                d.add(new Detail(StepStatus.WARN, label + "none on node " + subject.nodeName() + ": " + policy + " Local "
                        + (subject.mode().equals("ipvs") ? "is not kept here: IPVS mode falls back to every endpoint"
                        : "drops " + (i.internalPolicyLocal() ? "its traffic" : "external traffic") + " here")));
            }
        }
        return DoctorStep.of("endpoints", "It has endpoints", d);
    }

    private static String selector(Map<String, String> sel) {
        return new java.util.TreeMap<>(sel).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private DoctorStep ready(List<Port> ports, boolean multi) {
        List<Detail> d = new ArrayList<>();
        boolean many = ports.size() > 1;
        for (Port p : ports) {
            ServicePortEntry e = p.entry();
            String label = many ? p.label(multi) + ": " : "";
            List<EndpointInfo> eps = e.endpoints();
            if (eps.isEmpty()) {
                continue;
            }
            long ready = eps.stream().filter(EndpointInfo::ready).count();
            if (!e.categorized().hasAnyEndpoints()) {
                d.add(new Detail(StepStatus.FAIL, label + "none of " + eps.size() + " endpoints is ready or serving"));
                continue;
            }
            if (ready == eps.size()) {
                d.add(new Detail(StepStatus.OK, label + ready + " of " + eps.size() + " ready"));
                continue;
            }
            for (EndpointInfo ep : eps) {
                if (!ep.ready()) {
                    String state = ep.terminating() ? (ep.serving() ? "terminating (still serving)" : "terminating")
                            : "not ready";
                    d.add(new Detail(StepStatus.WARN, label + ep + (ep.targetPod() != null ? " (pod " + ep.targetPod() + ")" : "")
                            + " is " + state + ": " + (ready == 0 && ep.serving() && ep.terminating()
                            ? "used only because no endpoint is ready" : "left out")));
                }
            }
        }
        return DoctorStep.of("ready", "Its endpoints are ready", d);
    }

    private DoctorStep rules(List<Port> ports, boolean multi) {
        String title = "The node has kube-proxy's " + subject.mode() + " rules for it";
        Optional<ModeStructure> structure = ModeStructure.forMode(subject.mode());
        if (structure.isEmpty()) {
            return DoctorStep.of("rules", title, List.of(new Detail(StepStatus.SKIP, "kpsim does not know the rule structure of "
                    + subject.mode() + " mode")));
        }
        List<Detail> d = new ArrayList<>();
        boolean many = ports.size() > 1;
        for (Port p : ports) {
            String label = many ? p.label(multi) + ": " : "";
            for (Detail x : structure.get().check(subject, p.view(), p.entry())) {
                d.add(new Detail(x.status(), label + x.text()));
            }
        }
        return DoctorStep.of("rules", title, d);
    }

    private DoctorStep traffic(List<Port> ports) {
        String title = "Traffic reaches every endpoint";
        if (probes.simulator().isEmpty()) {
            return DoctorStep.of("traffic", title, List.of(new Detail(StepStatus.SKIP, "kpsim cannot simulate "
                    + subject.mode() + " mode yet")));
        }
        List<Detail> d = new ArrayList<>();
        for (Port p : ports) {
            for (Frontend f : subject.frontends(p.view(), p.entry())) {
                Client c = probes.usualClient(p.view(), f);
                d.add(judge(p, f, c));
            }
        }
        return DoctorStep.of("traffic", title, d);
    }

    private Detail judge(Port p, Frontend f, Client c) {
        Optional<Probe> probe = probes.probe(c, f);
        String head = f.kind().words() + " " + f.addressLabel() + " from " + c.label() + ": ";
        if (probe.isEmpty()) {
            return new Detail(StepStatus.SKIP, head + "the node has no " + p.view().family().kubernetesName() + " rules to simulate");
        }
        Delivery got = probe.get().delivery();
        Intent want = Intent.of(subject, p.view(), f, c);
        String over = probe.get().sequence() > 1 ? " (over " + probe.get().sequence() + " new connections: the choice depends on state)" : "";
        if (want.verdict() == Verdict.ACCEPT && want.endpoints().isEmpty()) {
            return new Detail(got.only(Delivery.End.PASS) ? StepStatus.OK : StepStatus.FAIL, head + got.summary()
                    + (got.only(Delivery.End.PASS) ? ": " : "; expected untranslated: ") + want.reason());
        }
        if (want.verdict() == Verdict.ACCEPT) {
            boolean onlyEndpoints = got.only(Delivery.End.ENDPOINT);
            boolean same = new TreeSet<>(got.endpoints()).equals(new TreeSet<>(want.endpoints()));
            if (onlyEndpoints && !same && probe.get().sequence() > 1 && f.entry().info().clientIpAffinity()
                    && got.endpoints().size() == 1 && want.endpoints().contains(got.endpoints().get(0))) {
                return new Detail(StepStatus.OK, head + got.summary() + over + ": sessionAffinity ClientIP keeps one client on one endpoint");
            }
            if (onlyEndpoints && same) {
                return new Detail(got.uncertain() ? StepStatus.WARN : StepStatus.OK, head + got.summary() + over);
            }
            return new Detail(StepStatus.FAIL, head + got.summary() + over + "; expected " + want.endpoints().stream()
                    .map(HostPort::toString).collect(Collectors.joining(", ")) + " (" + want.reason() + ")");
        }
        if (got.all(want.verdict())) {
            return new Detail(StepStatus.WARN, head + got.summary() + ": " + want.reason());
        }
        return new Detail(StepStatus.FAIL, head + got.summary() + "; expected " + want.verdict() + " (" + want.reason() + ")");
    }

    private DoctorStep hairpin(List<Port> ports) {
        String title = "An endpoint can reach itself through the Service (hairpin)";
        if (probes.simulator().isEmpty()) {
            return DoctorStep.of("hairpin", title, List.of(new Detail(StepStatus.SKIP, "kpsim cannot simulate "
                    + subject.mode() + " mode yet")));
        }
        List<Detail> d = new ArrayList<>();
        for (Port p : ports) {
            for (HairpinCheck.Result r : HairpinCheck.run(subject, probes, p.view(), p.entry())) {
                d.add(new Detail(r.status(), r.text()));
            }
        }
        if (d.isEmpty()) {
            d.add(new Detail(StepStatus.SKIP, "no endpoint of it runs on node " + subject.nodeName()));
        }
        return DoctorStep.of("hairpin", title, d);
    }
}
