package dev.kpsim.mode.userspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.userspace.proxier.GoFormat;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class UserspaceModeTest {

    @Test
    void discoveredThroughServiceLoader() {
        List<ProxyMode> modes = ServiceLoader.load(ProxyMode.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(modes).filteredOn(m -> m.name().equals("userspace")).singleElement()
                .satisfies(m -> assertThat(m.formats()).containsExactly("restore", "save", "proxier"));
    }

    @Test
    void proxierFormatPrintsTheLogLinesOfTheDebugServicesPage() {
        String out = Fixtures.generate(Fixtures.hostnamesInput()).render("proxier");
        assertThat(out).startsWith("# kube-proxy userspace proxier: historical (removed in kube-proxy 1.26)\n");
        assertThat(out.lines()).containsSubsequence(
                "I [v2] Setting proxy IP to 10.240.115.247 and initializing iptables",
                "I [v1] LoadBalancerRR: Setting endpoints for default/hostnames:default to [10.244.0.5:9376 10.244.0.6:9376 10.244.0.7:9376]",
                "I [v1] Adding new service \"default/hostnames:default\" at 10.0.1.175:80/TCP",
                "I [v2] Proxying for service \"default/hostnames:default\" on TCP port 48577");
        Golden.assertMatches("hostnames-userspace.proxier", out);
    }

    @Test
    void sameInputAndSeedGiveIdenticalBytes() {
        UserspaceMode mode = new UserspaceMode();
        ProxyInput in = new ProxyInput(Fixtures.hostnamesCluster(), Fixtures.config().build(), Fixtures.NODE);
        for (String f : mode.formats()) {
            assertThat(mode.generate(in, UserspaceOptions.defaults().withSeed(42)).render(f))
                    .isEqualTo(mode.generate(in, UserspaceOptions.defaults().withSeed(42)).render(f));
        }
        assertThat(mode.generate(in).render("proxier")).isEqualTo(mode.generate(in, UserspaceOptions.defaults()).render("proxier"));
    }

    @Test
    void unknownFormatIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Fixtures.generate(Fixtures.hostnamesInput()).render("nft"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restore, save, proxier");
    }

    @Test
    void notesLabelTheModeHistoricalAndMapNewerVersionsTo125() {
        UserspaceDataPlane dp = Fixtures.generate(Fixtures.hostnamesInput());
        assertThat(dp.version()).isEqualTo(new KubeProxyVersion(1, 25));
        assertThat(dp.notes()).extracting(Diagnostic::code).contains("userspace-historical", "userspace-version");
        assertThat(dp.notes()).extracting(Diagnostic::message)
                .contains("kube-proxy's userspace mode is historical (removed in kube-proxy 1.26)",
                        "kube-proxy 1.35 has no userspace mode; following kube-proxy 1.25");
        ProxyInput old = new ProxyInput(Fixtures.hostnamesCluster(),
                Fixtures.config().kubeProxyVersion(new KubeProxyVersion(1, 12)).build(), Fixtures.NODE);
        assertThat(Fixtures.generate(old).notes()).extracting(Diagnostic::code).doesNotContain("userspace-version");
    }

    @Test
    void endpointsFirstStartupNotesTheIgnoredAffinityTimeout() {
        Service svc = Fixtures.hostnamesService().sessionAffinity(SessionAffinity.ClientIP, 60).build();
        ProxyInput in = new ProxyInput(Fixtures.cluster(List.of(svc),
                List.of(Fixtures.slice("hostnames", "default", Protocol.TCP, 9376, Fixtures.HOSTNAMES_PODS))),
                Fixtures.config().build(), Fixtures.NODE);
        UserspaceDataPlane first = Fixtures.generate(in);
        assertThat(first.notes()).extracting(Diagnostic::code).contains("userspace-affinity-ttl-ignored");
        assertThat(first.log().get(1).message()).startsWith("LoadBalancerRR: Setting endpoints");
        UserspaceDataPlane later = new UserspaceMode().generate(in, UserspaceOptions.defaults().withStartupOrder(StartupOrder.SERVICES_FIRST));
        assertThat(later.notes()).extracting(Diagnostic::code).doesNotContain("userspace-affinity-ttl-ignored");
        assertThat(later.log().get(1).message()).startsWith("Adding new service");
        assertThat(later.render("proxier")).contains("  session affinity: ClientIP, ttl 60s\n");
    }

    @Test
    void sctpServicePortsGetNoProxy() {
        Service svc = Service.builder("default", "assoc").clusterIp(IpAddress.parse("10.0.0.20"))
                .port(new ServicePort("sctp", Protocol.SCTP, 9999, PortRef.of(9999), 0)).build();
        UserspaceDataPlane dp = Fixtures.generate(new ProxyInput(Fixtures.cluster(List.of(svc), List.of()),
                Fixtures.config().build(), Fixtures.NODE));
        assertThat(dp.proxier().services()).isEmpty();
        assertThat(Fixtures.rules(dp, "nat")).isEmpty();
        assertThat(dp.log()).extracting(Object::toString).contains(
                "I [v1] Adding new service \"default/assoc:sctp\" at 10.0.0.20:9999/SCTP",
                "E [v0] Failed to start proxy for \"default/assoc:sctp\": SCTP is not supported for user space proxy");
    }

    @Test
    void hostAddressProblemsAreBadInput() {
        assertThatThrownBy(() -> new UserspaceMode().generate(Fixtures.hostnamesInput(),
                UserspaceOptions.defaults().withBindAddress(IpAddress.LOCALHOST_V4)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cannot proxy on localhost");
        Cluster noAddress = new Cluster(List.of(new Node(Fixtures.NODE, List.of(), List.of(), null, null)), List.of(),
                List.of(Fixtures.hostnamesService().build()), List.of());
        assertThatThrownBy(() -> Fixtures.generate(new ProxyInput(noAddress, Fixtures.config().build(), Fixtures.NODE)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("failed to select a host interface: node \"node-1\" has no IPv4 address");
        assertThatThrownBy(() -> Fixtures.generate(new ProxyInput(Fixtures.hostnamesCluster(), Fixtures.config().build(), "elsewhere")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("is not in the cluster");
    }

    @Test
    void externalIpsOfTheOtherFamilyAreSkippedWithANote() {
        Service svc = Fixtures.hostnamesService().externalIp(IpAddress.parse("2001:db8::7")).build();
        UserspaceDataPlane dp = Fixtures.generate(new ProxyInput(Fixtures.cluster(List.of(svc), List.of()),
                Fixtures.config().build(), Fixtures.NODE));
        assertThat(Fixtures.rules(dp, "nat")).hasSize(2).noneMatch(l -> l.contains("2001:db8::7"));
        assertThat(dp.notes()).extracting(Diagnostic::code).contains("userspace-other-family-skipped");
    }

    @Test
    void goFormatQuotesAndSlicesAsGoDoes() {
        assertThat(GoFormat.quote("default/hostnames:default")).isEqualTo("\"default/hostnames:default\"");
        assertThat(GoFormat.quote("a\"b\\c\n\u0001é")).isEqualTo("\"a\\\"b\\\\c\\n\\x01é\"");
        assertThat(GoFormat.slice(List.of())).isEqualTo("[]");
        assertThat(GoFormat.slice(List.of("a", "b"))).isEqualTo("[a b]");
    }
}
