package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.mode.ProxyInput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code kpsim doctor}: the Kubernetes "Debug Services" walk-through automated for every Service (or one) on one
 * node — does the Service exist, have endpoints, are they ready, does the node have the rule structure kube-proxy
 * writes for its mode, does traffic reach every endpoint (exact outcomes of the node's simulator), does hairpin work —
 * then a catalogue of named findings ({@link FindingKind}) with the offending lines. Works on generated data planes
 * and on real node dumps alike, for every mode kpsim knows; steps it cannot check (a mode kpsim cannot simulate yet)
 * are skipped. Pure: same subject, same report.
 */
public final class Doctor {
    private Doctor() {
    }

    /**
     * Examines {@code subject}'s Services ({@code service}: {@code ns/name} or {@code ns/name:port} to examine one).
     *
     * @throws IllegalArgumentException if the subject has no cluster model (the objects are needed)
     */
    public static DoctorReport run(NodeSubject subject, Optional<String> service) {
        ProxyInput model = subject.model().orElseThrow(() -> new IllegalArgumentException(
                "doctor needs the cluster's objects (Services, EndpointSlices) besides the node's rules"));
        Probes probes = new Probes(subject);
        ServiceWalk walk = new ServiceWalk(subject, probes);
        List<NodeProxyView> views = subject.views();
        List<ServiceDiagnosis> diagnoses = new ArrayList<>();
        List<ServiceWalk.Port> examined = new ArrayList<>();
        List<Service> services = model.cluster().services().stream()
                .sorted(Comparator.comparing(Service::namespace).thenComparing(Service::name)).toList();
        boolean matched = false;
        for (Service svc : services) {
            if (service.isPresent() && !matchesService(service.get(), svc)) {
                continue;
            }
            matched = true;
            List<ServiceWalk.Port> ports = new ArrayList<>();
            for (NodeProxyView v : views) {
                for (ServicePortEntry e : v.servicePorts()) {
                    if (e.info().name().serviceKey().equals(svc.key()) && matchesPort(service, e)) {
                        ports.add(new ServiceWalk.Port(v, e));
                    }
                }
            }
            examined.addAll(ports);
            diagnoses.add(walk.walk(svc, ports));
        }
        if (service.isPresent() && !matched) {
            diagnoses.add(new ServiceDiagnosis(service.get(), List.of(DoctorStep.of("exists", "Service " + service.get() + " exists",
                    List.of(new DoctorStep.Detail(StepStatus.FAIL, "no Service " + serviceKey(service.get())
                            + " in the input (names are namespace/name)"))))));
        }
        List<Finding> findings = new ArrayList<>(ServiceFindings.find(subject, probes, examined));
        if (service.isEmpty()) {
            findings.addAll(ProbabilityFindings.find(subject));
            findings.addAll(ChainOriginFindings.find(subject));
            findings.addAll(IpvsFindings.find(subject));
        } else {
            for (Finding f : concat(ProbabilityFindings.find(subject), ChainOriginFindings.find(subject), IpvsFindings.find(subject))) {
                if (f.service().equals(serviceKey(service.get()))) {
                    findings.add(f);
                }
            }
        }
        findings.sort(Comparator.comparing((Finding f) -> f.kind().ordinal()));
        return new DoctorReport(subject.label(), subject.nodeName(), subject.mode(), diagnoses, findings);
    }

    @SafeVarargs
    private static List<Finding> concat(List<Finding>... lists) {
        List<Finding> out = new ArrayList<>();
        for (List<Finding> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    private static String serviceKey(String filter) {
        int colon = filter.indexOf(':');
        return colon < 0 ? filter : filter.substring(0, colon);
    }

    private static boolean matchesService(String filter, Service svc) {
        return serviceKey(filter).equals(svc.key());
    }

    private static boolean matchesPort(Optional<String> filter, ServicePortEntry e) {
        if (filter.isEmpty() || filter.get().indexOf(':') < 0) {
            return true;
        }
        String port = filter.get().substring(filter.get().indexOf(':') + 1);
        return port.equals(e.info().name().port()) || port.equals(String.valueOf(e.info().port()));
    }
}
