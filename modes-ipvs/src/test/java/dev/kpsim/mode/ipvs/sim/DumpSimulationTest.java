package dev.kpsim.mode.ipvs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.netfilter.save.KernelRulesets;
import dev.kpsim.core.netfilter.save.ParseResult;
import dev.kpsim.core.netfilter.save.SaveOptions;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.mode.ipvs.conn.ProtocolTimeouts;
import dev.kpsim.mode.ipvs.gen.IpvsDataPlane;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.parse.IpsetSaveParser;
import dev.kpsim.mode.ipvs.parse.IpvsadmListParser;
import dev.kpsim.mode.ipvs.parse.IpvsadmSaveParser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real node's dumps ({@code ipvsadm -Sn} or {@code -Ln}, {@code ipset save}, {@code iptables-save}) simulate like the
 * data plane they were printed from: same real servers in the same order, same masquerades.
 */
class DumpSimulationTest {

    static List<String> run(Simulator sim) {
        SimulationState state = new SimulationState(1);
        List<String> out = new ArrayList<>();
        for (String src : List.of("10.244.1.9:40000", "10.244.1.9:40001", "10.244.0.5:40000", "10.244.0.7:40000")) {
            Outcome o = sim.trace(Packet.of(Protocol.TCP, HostPort.parse(src), HostPort.parse("10.0.1.175:80")),
                    EntryPoint.PREROUTING, state);
            out.add(o.verdict() + " " + o.destination() + " masq=" + o.masquerade() + " " + o.newSource() + " " + o.uncertain());
        }
        return out;
    }

    @Test
    void dumpsOfAGeneratedNodeSimulateLikeIt() {
        Cluster c = IpvsNodes.cluster(IpvsNodes.hostnames().build(), IpvsNodes.threeLocalPods());
        IpvsDataPlane dp = IpvsNodes.generate(c, IpvsNodes.config("rr"), IpvsNodes.NODE);
        NodeEnvironment env = NodeEnvironment.of(c, IpvsNodes.NODE);
        List<String> generated = run(dp.simulator(env).orElseThrow());
        assertThat(generated).containsExactly(
                "ACCEPT 10.244.0.7:9376 masq=false null false",
                "ACCEPT 10.244.0.6:9376 masq=false null false",
                "ACCEPT 10.244.0.5:9376 masq=true 10.244.0.1 false",
                "ACCEPT 10.244.0.7:9376 masq=true 10.244.0.1 false");

        String iptablesSave = KernelRulesets.save(dp.payload(IpFamily.IPV4).orElseThrow(), List.of(), SaveOptions.DEFAULT);
        Map<IpFamily, Ruleset> rulesets = new EnumMap<>(IpFamily.class);
        for (ParseResult r : IptablesParser.parseDumps(iptablesSave, "iptables-save")) {
            rulesets.put(r.ruleset().family(), r.ruleset());
        }
        List<IpSet> sets = IpsetSaveParser.parse("ipset", dp.render("ipset")).orThrow();
        for (String format : List.of("ipvsadm-save", "ipvsadm")) {
            IpvsTable table = (format.equals("ipvsadm") ? IpvsadmListParser.parse("ipvsadm", dp.render(format))
                    : IpvsadmSaveParser.parse("ipvsadm", dp.render(format))).orThrow();
            NodeEnvironment dumped = new NodeEnvironment("node-1", List.of(IpAddress.parse("10.240.0.2")), Map.of(),
                    Map.of(), List.of(Cidr.parse("10.244.0.0/24")), "cni0", "eth0", "veth");
            Simulator fromDumps = IpvsSimulators.of(table, sets, rulesets, null, ProtocolTimeouts.kernelDefaults(), dumped);
            assertThat(run(fromDumps)).as(format).isEqualTo(generated);
        }
    }

    @Test
    void withoutTheIpvsIpsSetTheVirtualAddressesThatAreNotTheNodesAreBound() {
        Cluster c = IpvsNodes.cluster(IpvsNodes.hostnames().build(), IpvsNodes.threeLocalPods());
        IpvsDataPlane dp = IpvsNodes.generate(c, IpvsNodes.config("rr"), IpvsNodes.NODE);
        NodeEnvironment env = NodeEnvironment.ofAddresses("node-1", List.of(IpAddress.parse("10.240.0.2")));
        assertThat(IpvsSimulators.boundAddresses(dp.table(), List.of(), env)).containsExactly(IpAddress.parse("10.0.1.175"));
        assertThat(IpvsSimulators.boundAddresses(dp.table(), dp.ipsets(), env)).containsExactly(IpAddress.parse("10.0.1.175"));
        // no iptables rules at all: IPVS still schedules, nothing marks or masquerades
        Simulator bare = IpvsSimulators.of(dp.table(), List.of(), Map.of(), null, ProtocolTimeouts.kernelDefaults(), env);
        assertThat(run(bare).get(0)).isEqualTo("ACCEPT 10.244.0.7:9376 masq=false null false");
    }
}
