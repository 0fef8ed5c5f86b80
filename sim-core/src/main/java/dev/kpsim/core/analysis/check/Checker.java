package dev.kpsim.core.analysis.check;

import dev.kpsim.core.analysis.check.CheckResult.Status;
import dev.kpsim.core.analysis.doctor.Client;
import dev.kpsim.core.analysis.doctor.Delivery;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.analysis.doctor.Probe;
import dev.kpsim.core.analysis.doctor.RuleInventory;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.engine.path.NodePathSimulator;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code kpsim check}: evaluates expectations against one node. Traffic expectations run the node's simulator with
 * exact {@code outcomes} (no sampling), so a distribution is compared with its exact shares; rule expectations read
 * the node's rules in their native text. Expectations limited to another mode are left out. Pure.
 */
public final class Checker {
    private Checker() {
    }

    /**
     * Every expectation that applies to {@code subject}'s mode, checked.
     *
     * @throws BadInputException if an expectation names a pod, node or Service the cluster does not have
     */
    public static List<CheckResult> run(NodeSubject subject, List<Expectation> expectations) {
        List<CheckResult> out = new ArrayList<>();
        for (Expectation e : expectations) {
            if (e.mode().isPresent() && !e.mode().get().equals(subject.mode())) {
                continue;
            }
            out.add(check(subject, e));
        }
        return out;
    }

    static CheckResult check(NodeSubject s, Expectation e) {
        if (e instanceof Expectation.RuleCount c) {
            return ruleCount(s, c);
        }
        if (e instanceof Expectation.RuleLine l) {
            List<String> forms = RuleLines.canonicalForms(l.line(), s.rules());
            boolean found = s.rules().lines().stream().anyMatch(x -> forms.contains(x.text()));
            boolean ok = found == l.present();
            return new CheckResult(e, ok ? Status.PASS : Status.FAIL, l.present() ? "present" : "absent",
                    found ? "present" : "absent" + nearest(s.rules(), l.line()));
        }
        if (s.simulator().isEmpty()) {
            return new CheckResult(e, Status.SKIP, "", "kpsim cannot simulate " + s.mode() + " mode yet");
        }
        if (e instanceof Expectation.Reach r) {
            return reach(s, r);
        }
        if (e instanceof Expectation.Distribution d) {
            return distribution(s, d);
        }
        if (e instanceof Expectation.Hairpin h) {
            return hairpin(s, h);
        }
        return flow(s, (Expectation.Flow) e);
    }

    private static Probe probe(NodeSubject s, ClientRef from, FrontendRef to, Optional<Protocol> protocol) {
        FrontendRef.Target t = to.resolve(s);
        Client c = from.resolve(s, t.address().ip().family());
        Protocol p = protocol.or(t::protocol).orElse(Protocol.TCP);
        try {
            return Probe.run(s, s.simulator().get(), p, c.address(), t.address());
        } catch (BadInputException ex) {
            throw new BadInputException(from.location(), "family-mismatch", "the node has no "
                    + t.address().ip().family().kubernetesName() + " rules to simulate " + c.label() + " -> " + t.label());
        }
    }

    private static CheckResult reach(NodeSubject s, Expectation.Reach r) {
        Probe probe = probe(s, r.from(), r.to(), r.protocol());
        Delivery d = probe.delivery();
        List<String> want = new ArrayList<>();
        boolean ok = true;
        if (r.endpoints().isPresent()) {
            TreeSet<String> expected = r.endpoints().get().stream().map(HostPort::toString).collect(Collectors.toCollection(TreeSet::new));
            want.add(expected.isEmpty() ? "no endpoint" : String.join(", ", expected));
            ok = d.only(Delivery.End.ENDPOINT) && new TreeSet<>(d.endpoints().stream().map(HostPort::toString).toList()).equals(expected);
        }
        if (r.verdict().isPresent()) {
            String v = r.verdict().get();
            want.add(v);
            ok &= switch (v) {
                case "ACCEPT" -> d.all(dev.kpsim.core.trace.Verdict.ACCEPT);
                case "DROP" -> d.only(Delivery.End.DROP);
                case "REJECT" -> d.only(Delivery.End.REJECT);
                default -> d.only(Delivery.End.PASS);
            };
        }
        if (r.masquerade().isPresent()) {
            boolean m = r.masquerade().get();
            want.add(m ? "masqueraded" : "not masqueraded");
            ok &= d.shares().stream().allMatch(x -> x.masquerade() == m);
        }
        return new CheckResult(r, ok ? Status.PASS : Status.FAIL, String.join("; ", want), d.summary());
    }

    private static CheckResult distribution(NodeSubject s, Expectation.Distribution x) {
        Probe probe = probe(s, x.from(), x.to(), x.protocol());
        Delivery d = probe.delivery();
        Map<String, Double> got = new TreeMap<>();
        for (Delivery.Share sh : d.shares()) {
            got.merge(sh.target(), sh.probability(), Double::sum);
        }
        Map<String, Double> want = new TreeMap<>();
        if (x.even()) {
            List<HostPort> eps = d.endpoints();
            eps.forEach(ep -> want.put(ep.toString(), 1.0 / eps.size()));
        } else {
            x.shares().forEach((k, v) -> want.put(k.toString(), v));
        }
        boolean ok = want.keySet().equals(got.keySet()) && !want.isEmpty();
        for (Map.Entry<String, Double> w : want.entrySet()) {
            ok &= Math.abs(got.getOrDefault(w.getKey(), 0.0) - w.getValue()) <= x.tolerance();
        }
        return new CheckResult(x, ok ? Status.PASS : Status.FAIL, shares(want) + (x.tolerance() > 0
                ? " (tolerance " + fmt(x.tolerance()) + ")" : ""), shares(got));
    }

    private static String shares(Map<String, Double> m) {
        return m.entrySet().stream().map(e -> e.getKey() + " " + fmt(e.getValue())).collect(Collectors.joining(", "));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static CheckResult hairpin(NodeSubject s, Expectation.Hairpin h) {
        ClientRef ref = new ClientRef("pod " + h.pod(), h.location());
        Client pod = null;
        List<String> got = new ArrayList<>();
        boolean any = false;
        boolean allMasq = true;
        List<NodeProxyView> views = s.views();
        for (int i = 0; i < views.size(); i++) {
            NodeProxyView v = views.get(i);
            try {
                pod = ref.resolve(s, v.family());
            } catch (BadInputException noAddress) {
                if (i == views.size() - 1 && pod == null) {
                    throw noAddress;
                }
                continue;
            }
            for (ServicePortEntry e : v.servicePorts()) {
                if (h.service().isPresent() && !e.info().name().serviceKey().equals(key(h.service().get()))) {
                    continue;
                }
                IpAddress podIp = pod.address();
                Optional<EndpointInfo> self = e.categorized().allReachable().stream()
                        .filter(ep -> ep.address().ip().equals(podIp)).findFirst();
                if (self.isEmpty()) {
                    continue;
                }
                Probe p = Probe.run(s, s.simulator().get(), e.info().protocol(), podIp,
                        new HostPort(e.info().clusterIp(), e.info().port()));
                for (Delivery.Share sh : p.delivery().shares()) {
                    if (sh.end() == Delivery.End.ENDPOINT && sh.destination().ip().equals(podIp)) {
                        any = true;
                        allMasq &= sh.masquerade();
                        got.add(e.info().name() + ": " + Delivery.percent(sh.probability()) + " back to itself, "
                                + (sh.masquerade() ? "masqueraded" + (sh.newSource() != null ? " to " + sh.newSource() : "") : "not masqueraded"));
                    }
                }
            }
        }
        if (!any) {
            return new CheckResult(h, Status.FAIL, h.works() ? "works" : "fails", "pod " + h.pod() + " is never balanced back to itself"
                    + h.service().map(x -> " through " + x).orElse(""));
        }
        return new CheckResult(h, allMasq == h.works() ? Status.PASS : Status.FAIL, h.works() ? "works (masqueraded)"
                : "fails (not masqueraded)", String.join("; ", got));
    }

    private static String key(String service) {
        return service.contains("/") ? service : "default/" + service;
    }

    private static CheckResult flow(NodeSubject s, Expectation.Flow f) {
        KubeProxyFlow k = f.flow();
        IpAddress src = IpAddress.tryParse(k.sourceIp()).orElseThrow(() -> new BadInputException(f.location(), "bad-flow",
                "sourceIP '" + k.sourceIp() + "' is not an IP address"));
        IpAddress dst = IpAddress.tryParse(k.destIp()).orElseThrow(() -> new BadInputException(f.location(), "bad-flow",
                "destIP '" + k.destIp() + "' is not an IP address"));
        if (src.family() != dst.family()) {
            throw new BadInputException(f.location(), "bad-flow", "sourceIP and destIP are of different IP families");
        }
        Probe p;
        try {
            // kube-proxy's packet tracer answers what the rules do: reply paths are not its concern
            p = Probe.run(s, NodePathSimulator.netfilterOnly(s.simulator().get()), k.protocol(), src, new HostPort(dst, k.destPort()));
        } catch (BadInputException ex) {
            throw new BadInputException(f.location(), "family-mismatch", "the node has no " + dst.family().kubernetesName()
                    + " rules to run flow " + k.name() + " through");
        }
        String output = KubeProxyOutput.output(p);
        boolean masq = KubeProxyOutput.masq(p);
        boolean ok = output.equals(k.output()) && masq == k.masq();
        return new CheckResult(f, ok ? Status.PASS : Status.FAIL, "output \"" + k.output() + "\", masq " + k.masq(),
                "output \"" + output + "\", masq " + masq);
    }

    private static CheckResult ruleCount(NodeSubject s, Expectation.RuleCount c) {
        long n = s.rules().lines().stream().filter(l -> inScope(l, c.table(), c.chain())).count();
        boolean ok = c.equals().map(v -> n == v).orElse(true) && c.min().map(v -> n >= v).orElse(true)
                && c.max().map(v -> n <= v).orElse(true);
        String want = c.equals().map(v -> "exactly " + v).orElseGet(() -> c.min().map(v -> "at least " + v).orElse("")
                + (c.min().isPresent() && c.max().isPresent() ? " and " : "") + c.max().map(v -> "at most " + v).orElse(""));
        boolean one = c.equals().map(v -> v == 1).orElse(false) || (c.equals().isEmpty() && c.max().map(v -> v == 1).orElse(false));
        return new CheckResult(c, ok ? Status.PASS : Status.FAIL, want + (one ? " rule" : " rules"), n + (n == 1 ? " rule" : " rules"));
    }

    /** True if the line is in the table (iptables: nat/filter...; nft: the table's name) and chain, when given. */
    static boolean inScope(RuleInventory.RuleLine l, Optional<String> table, Optional<String> chain) {
        if (table.isPresent()) {
            String c = l.container();
            boolean t = c.endsWith(" " + table.get()) || c.startsWith(table.get() + " ") || c.contains(" " + table.get() + " ")
                    || c.equals(table.get());
            if (!t) {
                return false;
            }
        }
        if (chain.isPresent()) {
            return l.text().startsWith("-A " + chain.get() + " ") || l.text().equals("-A " + chain.get())
                    || l.container().endsWith(" chain " + chain.get());
        }
        return true;
    }

    /** A hint for a missing line: the closest line of the same chain, if any. */
    private static String nearest(RuleInventory rules, String line) {
        String[] w = line.trim().split("\\s+");
        if (w.length < 2 || !w[0].equals("-A")) {
            return "";
        }
        String prefix = "-A " + w[1] + " ";
        List<String> same = rules.lines().stream().map(RuleInventory.RuleLine::text).filter(t -> t.startsWith(prefix)).toList();
        return same.isEmpty() ? " (chain " + w[1] + " has no rules)" : " (chain " + w[1] + " has " + same.size() + " rule"
                + (same.size() == 1 ? "" : "s") + ")";
    }
}
