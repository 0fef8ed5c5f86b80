package dev.kpsim.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.cli.Cli;
import dev.kpsim.cli.conformance.KubeProxyIntent.ClientKind;
import dev.kpsim.cli.conformance.KubeProxyIntent.FrontendKind;
import dev.kpsim.cli.support.Modes;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.LocalTrafficDetector;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.engine.EntryPoints;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.scenarios.InputLoader;
import dev.kpsim.scenarios.LoadedInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One conformance suite for every data-plane mode (STYLE: one SPI, one suite): for every example scenario, every
 * node as the simulated node, every version flavour the mode names, every frontend of every service port and every
 * kind of client, the mode's simulator must give exactly what kube-proxy intends ({@link KubeProxyIntent}): the right
 * endpoint set in equal shares, masquerade exactly where kube-proxy masquerades, DROP / REJECT where it drops or
 * rejects. A mode's known, intended difference is an explicit named override, never silent divergence.
 */
abstract class ModeConformanceTest {

    /** The mode under test. */
    abstract String mode();

    /** The kube-proxy versions whose output flavours are checked. */
    abstract List<String> versions();

    /** The node addresses that accept NodePort traffic (override: nftables mode defaults to the primary address). */
    List<IpAddress> nodePortAddresses(NodeProxyView view) {
        return view.nodeIps();
    }

    /**
     * What kube-proxy in this mode intends for one connection: {@link KubeProxyIntent} by default; a mode's known,
     * intended differences override it by name.
     */
    IntendedOutcome intended(ServicePortEntry e, FrontendKind kind, HostPort frontend, ClientKind client, IpAddress source,
                             ProxyConfig cfg, LocalTrafficDetector detector, NodeEnvironment env) {
        return KubeProxyIntent.intended(e, kind, client, source, cfg, detector);
    }

    /**
     * How a new connection from {@code p}'s client spreads: {@code outcomes} (exact probabilities) by default. A mode
     * whose choice is certain given its state (IPVS schedulers, the userspace round robin) overrides this with the
     * spread of a sequence of connections ({@link #sequence}).
     */
    List<Outcome> spread(Simulator sim, Packet p, EntryPoint entry) {
        return sim.outcomes(p, entry, new SimulationState(1));
    }

    /** Connections in a {@link #sequence}: a multiple of every endpoint count up to 6, so fair shares are exact. */
    static final int SEQUENCE = 60;

    /**
     * The spread of {@value #SEQUENCE} connections from {@code p}'s client, each from a new source port and each
     * {@code gapMillis} after the previous (long enough for affinity records to lapse: the spread over many clients),
     * as outcomes with the share of the sequence as probability.
     */
    static List<Outcome> sequence(Simulator sim, Packet p, EntryPoint entry, long gapMillis) {
        SimulationState state = new SimulationState(1);
        Map<String, Outcome> merged = new java.util.LinkedHashMap<>();
        for (int i = 0; i < SEQUENCE; i++) {
            Outcome o = sim.trace(p.withSource(p.source(), p.sourcePort() + i), entry, state);
            String key = o.verdict() + " " + o.destination() + " " + o.masquerade() + " " + o.uncertain();
            Outcome prev = merged.get(key);
            merged.put(key, (prev == null ? o.withProbability(0) : prev).withProbability(
                    (prev == null ? 0 : prev.probability()) + 1.0 / SEQUENCE));
            state.advanceMillis(gapMillis);
        }
        return List.copyOf(merged.values());
    }

    /** The examples this mode is checked on (all by default). */
    List<String> examples() {
        return List.of("hostnames.yaml", "hostnames-k8s", "nodeport-local.yaml", "loadbalancer-sourceranges.yaml",
                "affinity-multiport.yaml", "hostnames-ipvs.yaml", "hostnames-userspace.yaml");
    }

    /** An address outside every cluster network, arriving on the node's uplink. */
    static final IpAddress EXTERNAL_CLIENT = IpAddress.parse("203.0.113.99");

    @TestFactory
    Stream<DynamicTest> everyFrontendBehavesAsKubeProxyIntends() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String example : examples()) {
            LoadedInput in = InputLoader.load(List.of(Cli.example(example)));
            for (String version : versions()) {
                ProxyConfig cfg = in.config().toBuilder().mode(mode())
                        .kubeProxyVersion(KubeProxyVersion.parse(version).orElseThrow()).build();
                for (Node node : in.cluster().nodes()) {
                    tests.add(DynamicTest.dynamicTest(example + " " + mode() + " " + version + " on " + node.name(),
                            () -> checkNode(in, cfg, node)));
                }
            }
        }
        return tests.stream();
    }

    private void checkNode(LoadedInput in, ProxyConfig cfg, Node node) {
        ProxyInput input = new ProxyInput(in.cluster(), cfg, node.name());
        DataPlane dp = Modes.named(mode()).generate(input);
        NodeEnvironment env = NodeEnvironment.of(in.cluster(), node.name());
        Simulator sim = dp.simulator(env).orElseThrow();
        NodeProxyView view = input.view(IpFamily.IPV4);
        LocalTrafficDetector detector = LocalTrafficDetector.of(cfg, node, IpFamily.IPV4);
        List<String> failures = new ArrayList<>();
        for (ServicePortEntry e : view.servicePorts()) {
            ServicePortInfo i = e.info();
            for (Map.Entry<IpAddress, String> pod : env.localPods().entrySet()) {
                check(sim, env, e, FrontendKind.CLUSTER_IP, new HostPort(i.clusterIp(), i.port()), ClientKind.LOCAL_POD,
                        pod.getKey(), cfg, detector, failures);
            }
            for (IpAddress nodeIp : view.nodeIps()) {
                check(sim, env, e, FrontendKind.CLUSTER_IP, new HostPort(i.clusterIp(), i.port()), ClientKind.NODE, nodeIp,
                        cfg, detector, failures);
            }
            List<Frontend> external = new ArrayList<>();
            i.externalIps().forEach(ip -> external.add(new Frontend(FrontendKind.EXTERNAL_IP, new HostPort(ip, i.port()))));
            i.loadBalancerVips().forEach(ip -> external.add(new Frontend(FrontendKind.LOAD_BALANCER, new HostPort(ip, i.port()))));
            if (i.nodePort() != 0) {
                nodePortAddresses(view).forEach(ip -> external.add(new Frontend(FrontendKind.NODE_PORT, new HostPort(ip, i.nodePort()))));
            }
            for (Frontend f : external) {
                check(sim, env, e, f.kind(), f.address(), ClientKind.EXTERNAL, EXTERNAL_CLIENT, cfg, detector, failures);
                for (String range : i.loadBalancerSourceRanges()) {
                    IpAddress inside = dev.kpsim.core.net.Cidr.parse(range).address().plus(7);
                    check(sim, env, e, f.kind(), f.address(), ClientKind.EXTERNAL, inside, cfg, detector, failures);
                }
                for (Map.Entry<IpAddress, String> pod : env.localPods().entrySet()) {
                    check(sim, env, e, f.kind(), f.address(), ClientKind.LOCAL_POD, pod.getKey(), cfg, detector, failures);
                }
            }
        }
        assertThat(failures).as("connections whose outcome differs from kube-proxy's intent").isEmpty();
    }

    private record Frontend(FrontendKind kind, HostPort address) {
    }

    private void check(Simulator sim, NodeEnvironment env, ServicePortEntry e, FrontendKind kind, HostPort dst,
                       ClientKind client, IpAddress source, ProxyConfig cfg, LocalTrafficDetector detector, List<String> failures) {
        IntendedOutcome want = intended(e, kind, dst, client, source, cfg, detector, env);
        Packet p = Packet.of(e.info().protocol(), new HostPort(source, 40000), dst);
        List<Outcome> got = spread(sim, p, EntryPoints.defaultFor(p, env));
        String where = e.info().name() + " " + kind + " " + dst + " from " + client + " " + source + ": ";
        if (want.verdict() != Verdict.ACCEPT) {
            if (got.size() != 1 || got.get(0).verdict() != want.verdict()) {
                failures.add(where + "want " + want.verdict() + " (" + want.reason() + "), got " + describe(got));
            }
            return;
        }
        double share = 1.0 / want.masqueradeByEndpoint().size();
        if (got.size() != want.masqueradeByEndpoint().size()) {
            failures.add(where + "want " + want.masqueradeByEndpoint() + " in equal shares, got " + describe(got));
            return;
        }
        for (Outcome o : got) {
            Boolean masq = want.masqueradeByEndpoint().get(o.destination());
            if (o.verdict() != Verdict.ACCEPT || masq == null || masq != o.masquerade()
                    || Math.abs(o.probability() - share) > 1e-6 || o.uncertain()) {
                failures.add(where + "want " + want.masqueradeByEndpoint() + " (masquerade per endpoint) in shares of "
                        + share + ", got " + describe(got));
                return;
            }
        }
        assertThat(got.stream().mapToDouble(Outcome::probability).sum()).isCloseTo(1.0, within(1e-9));
    }

    private static String describe(List<Outcome> got) {
        List<String> s = new ArrayList<>();
        for (Outcome o : got) {
            s.add(String.format(java.util.Locale.ROOT, "%s %s p=%.6f masq=%s%s", o.verdict(), o.destination(), o.probability(),
                    o.masquerade(), o.uncertain() ? " uncertain" : ""));
        }
        return s.toString();
    }
}
