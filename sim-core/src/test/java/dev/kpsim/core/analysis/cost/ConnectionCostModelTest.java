package dev.kpsim.core.analysis.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.engine.CompiledRuleset;
import dev.kpsim.core.netfilter.engine.IpsetLookup;
import dev.kpsim.core.netfilter.engine.IpsetMembership;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConnectionCostModelTest {
    /** Three services of two endpoints each, behind KUBE-SERVICES in positions 1, 2 and 3. */
    static final String DUMP = String.join("\n",
            "*nat",
            ":PREROUTING ACCEPT [0:0]",
            ":KUBE-SERVICES - [0:0]",
            ":KUBE-SVC-A - [0:0]", ":KUBE-SVC-B - [0:0]", ":KUBE-SVC-C - [0:0]",
            ":KUBE-SEP-A1 - [0:0]", ":KUBE-SEP-A2 - [0:0]", ":KUBE-SEP-B1 - [0:0]", ":KUBE-SEP-B2 - [0:0]",
            ":KUBE-SEP-C1 - [0:0]", ":KUBE-SEP-C2 - [0:0]",
            "-A PREROUTING -j KUBE-SERVICES",
            "-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-A",
            "-A KUBE-SERVICES -d 10.96.0.11/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-B",
            "-A KUBE-SERVICES -d 10.96.0.12/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-C",
            "-A KUBE-SVC-A -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A1",
            "-A KUBE-SVC-A -j KUBE-SEP-A2",
            "-A KUBE-SVC-B -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-B1",
            "-A KUBE-SVC-B -j KUBE-SEP-B2",
            "-A KUBE-SVC-C -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-C1",
            "-A KUBE-SVC-C -j KUBE-SEP-C2",
            "-A KUBE-SEP-A1 -p tcp -m tcp -j DNAT --to-destination 10.128.1.2:8080",
            "-A KUBE-SEP-A2 -p tcp -m tcp -j DNAT --to-destination 10.128.2.2:8080",
            "-A KUBE-SEP-B1 -p tcp -m tcp -j DNAT --to-destination 10.128.3.2:8080",
            "-A KUBE-SEP-B2 -p tcp -m tcp -j DNAT --to-destination 10.128.4.2:8080",
            "-A KUBE-SEP-C1 -p tcp -m tcp -j DNAT --to-destination 10.128.5.2:8080",
            "-A KUBE-SEP-C2 -p tcp -m tcp -j DNAT --to-destination 10.128.6.2:8080",
            "COMMIT", "");

    static Packet to(String dst) {
        return Packet.of(Protocol.TCP, HostPort.parse("10.128.9.9:40000"), HostPort.parse(dst));
    }

    @Test
    void iptablesCostIsTheLinearWalkPlusTheServiceChains() {
        Ruleset rs = IptablesParser.parseDump(DUMP, "cost.txt").ruleset();
        NodeEnvironment env = NodeEnvironment.ofAddresses("node", List.of(IpAddress.parse("172.16.0.10")));
        List<Packet> services = List.of(to("10.96.0.10:80"), to("10.96.0.11:80"), to("10.96.0.12:80"));
        for (NetfilterSimulator sim : List.of(NetfilterSimulator.of(rs, env), NetfilterSimulator.of(CompiledRuleset.linear(rs), env))) {
            ConnectionCost c = ConnectionCostModel.measure("iptables", sim, IpsetLookup.NONE, services,
                    to("10.128.7.7:80"), EntryPoint.PREROUTING);
            // PREROUTING 1, KUBE-SERVICES k, KUBE-SVC 1 or 2 (half each), KUBE-SEP 1
            assertThat(c.averageRules()).isCloseTo(1 + 2 + 1.5 + 1, within(1e-9));
            assertThat(c.worstRules()).isEqualTo(1 + 3 + 2 + 1);
            assertThat(c.noServiceRules()).as("a connection for no service walks all of KUBE-SERVICES").isEqualTo(4);
            assertThat(c.hashLookups()).isZero();
            assertThat(c.servicesMeasured()).isEqualTo(3);
        }
    }

    @Test
    void setTestsCountAsLookupsAndIpvsAddsItsServiceTable() {
        String dump = String.join("\n", "*nat", ":PREROUTING ACCEPT [0:0]", ":KUBE-SERVICES - [0:0]",
                "-A PREROUTING -j KUBE-SERVICES",
                "-A KUBE-SERVICES -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN",
                "-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT", "COMMIT", "");
        Ruleset rs = IptablesParser.parseDump(dump, "ipvs.txt").ruleset();
        NetfilterSimulator sim = NetfilterSimulator.of(rs, NodeEnvironment.ofAddresses("node", List.of()));
        IpsetLookup sets = (name, dirs, p) -> name.equals("KUBE-CLUSTER-IP") && p.destination().equals(IpAddress.parse("10.96.0.10"))
                ? IpsetMembership.MEMBER : IpsetMembership.NOT_MEMBER;
        ConnectionCost c = ConnectionCostModel.measure("ipvs", sim, sets, List.of(to("10.96.0.10:80")), to("10.128.7.7:80"),
                EntryPoint.PREROUTING);
        assertThat(c.averageRules()).isEqualTo(3.0);
        assertThat(c.hashLookups()).as("two ipset tests and the IPVS service lookup").isEqualTo(3.0);
        assertThat(c.noServiceRules()).isEqualTo(3);
    }

    @Test
    void largeServiceListsAreSampledEvenlyWithBothEnds() {
        List<Integer> all = IntStream.range(0, 10_000).boxed().toList();
        List<Integer> s = ConnectionCostModel.sample(all);
        assertThat(s).hasSize(ConnectionCostModel.MAX_MEASURED).startsWith(0).endsWith(9_999).isSorted();
        assertThat(ConnectionCostModel.sample(all.subList(0, 50))).hasSize(50);
    }

    @Test
    void nftablesCostIsFlat() {
        assertThat(ConnectionCostModel.nftables(10_000)).isEqualTo(ConnectionCostModel.nftables(10_000));
        assertThat(ConnectionCostModel.nftables(100).averageRules()).isEqualTo(ConnectionCostModel.nftables(10_000).averageRules());
        assertThat(ConnectionCostModel.nftables(100).hashLookups()).isEqualTo(5.0);
    }

    @Test
    void censusCountsRuleLinesPerTableAndChainFamily() {
        List<RestoreLine> nat = new ArrayList<>();
        for (String l : List.of(":KUBE-SERVICES - [0:0]", ":KUBE-SVC-NWV5X2332I4OT4T3 - [0:0]",
                ":KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]", ":KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]",
                "-A KUBE-SERVICES -d 10.96.0.10/32 -j KUBE-SVC-NWV5X2332I4OT4T3",
                "-A KUBE-SVC-NWV5X2332I4OT4T3 -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC",
                "-A KUBE-SVC-NWV5X2332I4OT4T3 -j KUBE-SEP-C6EBXVWJJZMIWKLZ",
                "-A KUBE-SEP-UKSFD7AGPMPPLUHC -j DNAT --to-destination 10.128.1.2:8080",
                "-A KUBE-SEP-C6EBXVWJJZMIWKLZ -j DNAT --to-destination 10.128.2.2:8080")) {
            nat.add(RestoreLine.of(l));
        }
        RestorePayload p = new RestorePayload(IpFamily.IPV4, List.of(new RestoreTable("filter", List.of(RestoreLine.of(":KUBE-FORWARD - [0:0]"))),
                new RestoreTable("nat", nat)), List.of());
        RuleCensus c = RuleCensus.ofPayloads(List.of(p));
        assertThat(c.rows()).containsExactly(new RuleCensus.Row("filter", "KUBE-FORWARD", 1, 0),
                new RuleCensus.Row("nat", "KUBE-SERVICES", 1, 1), new RuleCensus.Row("nat", "KUBE-SVC-*", 1, 2),
                new RuleCensus.Row("nat", "KUBE-SEP-*", 2, 2));
        assertThat(c.rules("nat")).isEqualTo(5).isEqualTo(p.ruleCount("nat"));
        assertThat(c.chains("nat")).isEqualTo(4);
        assertThat(c.rules("nat", "KUBE-SEP-*")).isEqualTo(2);
        assertThat(c.tables()).containsExactly("filter", "nat");
    }

    @Test
    void chainFamilies() {
        assertThat(ChainFamily.of("KUBE-SVC-NWV5X2332I4OT4T3")).isEqualTo("KUBE-SVC-*");
        assertThat(ChainFamily.of("KUBE-SERVICES")).isEqualTo("KUBE-SERVICES");
        assertThat(ChainFamily.of("KUBE-SVC-SHORT")).isEqualTo("KUBE-SVC-SHORT");
        assertThat(ChainFamily.of("service-ULMVA6XW-ns1/svc1/tcp/p80")).isEqualTo("service-*");
        assertThat(ChainFamily.of("endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80")).isEqualTo("endpoint-*");
        assertThat(ChainFamily.of("filter-prerouting-pre-dnat")).isEqualTo("filter-prerouting-pre-dnat");
    }
}
