package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trace}, {@code simulate} and {@code generate} in IPVS mode and the historical userspace mode. */
class IpvsUserspaceCommandsTest {

    /** Issue 7's acceptance: {@code generate --mode userspace --format save … | grep hostnames}. */
    @Test
    void userspaceSaveFormatPrintsTheDebugServicesPortalRules() {
        Cli.Run r = Cli.run("generate", "--mode", "userspace", "--format", "save", Cli.example("hostnames-userspace.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains("hostnames")).toList()).containsExactly(
                "-A KUBE-PORTALS-CONTAINER -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames:default\" -m tcp --dport 80 -j REDIRECT --to-ports 48577",
                "-A KUBE-PORTALS-HOST -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames:default\" -m tcp --dport 80 -j DNAT --to-destination 10.240.115.247:48577");
        assertThat(r.err()).isEqualTo("kpsim: note: kube-proxy's userspace mode is historical (removed in kube-proxy 1.26)\n");
    }

    /** Issue 6's acceptance: a pod reaching itself through its own service, explained by KUBE-LOOP-BACK. */
    @Test
    void ipvsTraceOfAPodToItsOwnServiceShowsTheLoopBackMasquerade() {
        Cli.Run r = Cli.run("trace", "--mode", "ipvs", "--src", "10.244.0.7:40000", "--dst", "10.0.1.175:80",
                Cli.example("hostnames-ipvs.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(
                    "PACKET: tcp 10.244.0.7:40000 > 10.0.1.175:80 on node-1, entering at PREROUTING\n"
                    + "HOOK: PREROUTING\n"
                    + "CONNTRACK: NEW (first packet of tcp 10.244.0.7:40000 > 10.0.1.175:80)\n"
                    + "TRACE: nat:PREROUTING:rule:1 -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                    + "TRACE: nat:KUBE-SERVICES:rule:3 -A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT\n"
                    + "TRACE: nat:KUBE-NODE-PORT:return:\n"
                    + "TRACE: nat:KUBE-SERVICES:rule:4 -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT\n"
                    + "ROUTE: local delivery (10.0.1.175 is an address of this node (on kube-ipvs0))\n"
                    + "HOOK: INPUT\n"
                    + "TRACE: filter:INPUT:rule:1 -A INPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-FILTER\n"
                    + "TRACE: filter:KUBE-IPVS-FILTER:rule:2 -A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN\n"
                    + "TRACE: filter:INPUT:rule:2 -A INPUT -m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL\n"
                    + "TRACE: filter:KUBE-PROXY-FIREWALL:return:\n"
                    + "TRACE: filter:INPUT:rule:3 -A INPUT -m comment --comment \"kubernetes health check rules\" -j KUBE-NODE-PORT\n"
                    + "TRACE: filter:KUBE-NODE-PORT:return:\n"
                    + "TRACE: filter:INPUT:policy:ACCEPT\n"
                    + "IPVS: virtual service TCP 10.0.1.175:80 rr (default/hostnames, cluster IP) takes the packet at LOCAL_IN, after filter INPUT\n"
                    + "IPVS: rr chose 10.244.0.7:9376 (weight 1, 0 active, 0 inactive)\n"
                    + "IPVS: hairpin: the real server is the client itself; nat POSTROUTING's KUBE-LOOP-BACK rule (--match-set KUBE-LOOP-BACK dst,dst,src) masquerades it, so the reply comes back through the node\n"
                    + "IPVS DNAT 10.0.1.175:80 -> 10.244.0.7:9376\n"
                    + "IPVS: Masq: sent on from LOCAL_OUT with its conntrack entry (net.ipv4.vs.conntrack=1), so nat POSTROUTING sees it\n"
                    + "ROUTE: sent on from LOCAL_OUT via cni0 (10.244.0.7 is pod default/hostnames-632524106-tlaok on this node)\n"
                    + "HOOK: OUTPUT\n"
                    + "TRACE: filter:OUTPUT:rule:1 -A OUTPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-OUT-FILTER\n"
                    + "TRACE: filter:KUBE-IPVS-OUT-FILTER:return:\n"
                    + "TRACE: filter:OUTPUT:policy:ACCEPT\n"
                    + "HOOK: POSTROUTING\n"
                    + "TRACE: nat:POSTROUTING:rule:1 -A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"
                    + "TRACE: nat:KUBE-POSTROUTING:rule:1 -A KUBE-POSTROUTING -m comment --comment \"Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose\" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE\n"
                    + "MASQUERADE 10.244.0.7:40000 -> 10.244.0.1:40000\n"
                    + "VERDICT: ACCEPT\n"
                    + "SUMMARY: IPVS DNAT to 10.244.0.7:9376 (was 10.0.1.175:80), masqueraded: yes (source 10.244.0.1)\n");
    }

    @Test
    void ipvsSimulateReportsTheRoundRobinSequenceShares() {
        Cli.Run r = Cli.run("simulate", "--mode", "ipvs", "--connections", "300", "--src", "10.244.0.5",
                Cli.example("hostnames-ipvs.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                10.0.1.175:80/TCP  (default/hostnames cluster IP)
                300 new connections from 10.244.0.5, entering at PREROUTING, seed 1
                ENDPOINT         POD                           EXACT  OBSERVED     SHARE  95% INTERVAL
                10.244.0.5:9376  hostnames-632524106-bbpiw  0.333333       100  0.333333  [0.282393, 0.388488]
                10.244.0.6:9376  hostnames-632524106-ly40y  0.333333       100  0.333333  [0.282393, 0.388488]
                10.244.0.7:9376  hostnames-632524106-tlaok  0.333333       100  0.333333  [0.282393, 0.388488]
                chi-square 0.0000, 2 degrees of freedom, p-value 1.0000
                note: each connection's exact distribution depends on the earlier ones (a deterministic scheduler, \
                or session affinity): exact is the mean, over the sequence of connections, of the probability just before each
                """);
    }

    @Test
    void connectionTimesAreNamedAndBadOnesRefused() {
        Cli.Run r = Cli.run("simulate", "--mode", "ipvs", "--connections", "30", "--src", "10.244.0.5",
                "--connection-interval", "exp:1s", "--connection-duration", "fixed:10s", Cli.example("hostnames-ipvs.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList().get(2)).isEqualTo("timing: one every exp:1s, each open for fixed:10s");
        Cli.Run bad = Cli.run("simulate", "--mode", "ipvs", "--connection-duration", "ten", Cli.example("hostnames-ipvs.yaml"));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).isEqualTo("kpsim: --connection-duration 'ten' is not a duration distribution; use"
                + " fixed:10s or exp:10s (units ms, s, m, h; at most a year)\n");
    }

    @Test
    void userspaceTraceShowsBothLegsAndTheNodeAsTheEndpointsSource() {
        Cli.Run r = Cli.run("trace", "--mode", "userspace", "--src", "10.244.0.6:40000", "--dst", "10.0.1.175:80",
                Cli.example("hostnames-userspace.yaml"));
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).contains(
                "REDIRECT 10.0.1.175:80 -> 10.244.0.1:48577",
                "userspace-proxy 10.244.0.6:40000 > 10.244.0.1:48577 -> 10.244.0.1:52862 > 10.244.0.5:9376",
                "CONNTRACK: NEW (first packet of tcp 10.244.0.1:52862 > 10.244.0.5:9376)");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("SUMMARY: userspace-proxy to 10.244.0.5:9376, a new connection"
                + " from 10.244.0.1 (the endpoint does not see the client's address)");
    }

    @Test
    void userspaceSimulateShowsRoundRobinAndAffinityStickiness() {
        Cli.Run rr = Cli.run("simulate", "--mode", "userspace", "--connections", "30", "--src", "10.244.0.6",
                Cli.example("hostnames-userspace.yaml"));
        assertThat(rr.code()).isZero();
        assertThat(rr.out()).contains("10.244.0.5:9376  hostnames-632524106-bbpiw  0.333333        10  0.333333");
        Cli.Run sticky = Cli.run("simulate", "--mode", "userspace", "--connections", "30", "--service", "default/api:http",
                Cli.example("affinity-multiport.yaml"));
        assertThat(sticky.code()).isZero();
        assertThat(sticky.out()).contains("10.244.1.30:8080  api-0  1.000000        30  1.000000");
    }

    @Test
    void realIpvsNodeDumpsFeedTraceAndSimulate(@TempDir Path dir) throws IOException {
        for (String f : List.of("ipvsadm-save", "ipvsadm", "ipset", "iptables-save")) {
            Cli.Run g = Cli.run("generate", "--mode", "ipvs", "--format", f, Cli.example("hostnames-ipvs.yaml"));
            assertThat(g.code()).isZero();
            Files.writeString(dir.resolve(f), g.out());
        }
        for (String table : List.of("ipvsadm-save", "ipvsadm")) {
            Cli.Run r = Cli.run("trace", "--ipvsadm", dir.resolve(table).toString(), "--ipset", dir.resolve("ipset").toString(),
                    "--iptables-save", dir.resolve("iptables-save").toString(), "--node-ip", "10.240.0.2",
                    "--src", "10.244.0.5:40000", "--dst", "10.0.1.175:80");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("IPVS: virtual service TCP 10.0.1.175:80 rr takes the packet at LOCAL_IN, after filter INPUT\n"
                    + "IPVS: rr chose 10.244.0.7:9376 (weight 1, 0 active, 0 inactive)\n");
            assertThat(r.out()).endsWith("SUMMARY: IPVS DNAT to 10.244.0.7:9376 (was 10.0.1.175:80), masqueraded: no\n");
        }
        Cli.Run s = Cli.run("simulate", "--ipvsadm", dir.resolve("ipvsadm-save").toString(), "--node-ip", "10.240.0.2",
                "--connections", "3", "--src", "10.244.0.5", "--dst", "10.0.1.175:80");
        assertThat(s.code()).isZero();
        assertThat(s.err()).isEqualTo("kpsim: note: no --ipset given: every '-m set' match is uncertain\n"
                + "kpsim: note: no --iptables-save given: the node's iptables rules are taken as empty\n");
        assertThat(s.out()).isEqualTo("""
                10.0.1.175:80/TCP
                3 new connections from 10.244.0.5, entering at PREROUTING, seed 1
                ENDPOINT         POD     EXACT  OBSERVED     SHARE  95% INTERVAL
                10.244.0.5:9376       0.333333         1  0.333333  [0.061492, 0.792340]
                10.244.0.6:9376       0.333333         1  0.333333  [0.061492, 0.792340]
                10.244.0.7:9376       0.333333         1  0.333333  [0.061492, 0.792340]
                chi-square 0.0000, 2 degrees of freedom, p-value 1.0000
                note: each connection's exact distribution depends on the earlier ones (a deterministic scheduler, \
                or session affinity): exact is the mean, over the sequence of connections, of the probability just before each
                """);
    }

    @Test
    void badOrMixedDumpsAreBadInput(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("ipvsadm");
        Files.writeString(bad, "-A -t 10.0.1.175:80 -s rr\n-a -t 10.0.1.175:80 -r nowhere:9376 -m -w 1\n");
        Cli.Run r = Cli.run("trace", "--ipvsadm", bad.toString(), "--dst", "10.0.1.175:80", "--src", "10.244.0.5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(bad + ":2:");
        Cli.Run mixed = Cli.run("trace", "--ipvsadm", bad.toString(), "--nft", bad.toString(), "--dst", "10.0.1.175:80",
                "--src", "10.244.0.5");
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).isEqualTo("kpsim: --nft cannot be combined with --ipvsadm/--ipset: IPVS-mode nodes"
                + " use iptables\n");
    }
}
