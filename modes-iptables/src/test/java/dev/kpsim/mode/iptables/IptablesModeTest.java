package dev.kpsim.mode.iptables;

import dev.kpsim.core.netfilter.restore.EnsuredChain;

import static dev.kpsim.mode.iptables.Fixtures.TEST_NODE;
import static dev.kpsim.mode.iptables.Fixtures.fakeProxierConfig;
import static dev.kpsim.mode.iptables.Fixtures.testNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestorePayload.BuiltinJump;
import dev.kpsim.core.netfilter.restore.RuleRoles;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IptablesModeTest {

    private static IptablesDataPlane overall(String version) {
        Cluster c = Fixtures.cluster(List.of(testNode()), Fixtures.overallServices(true), Fixtures.overallSlices(TEST_NODE));
        return new IptablesMode().generate(new ProxyInput(c, fakeProxierConfig(KubeProxyVersion.parse(version).orElseThrow()), TEST_NODE));
    }

    @Test
    void discoveredThroughServiceLoader() {
        List<ProxyMode> modes = ServiceLoader.load(ProxyMode.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(modes).anySatisfy(m -> {
            assertThat(m.name()).isEqualTo("iptables");
            assertThat(m.formats()).containsExactly("restore", "save", "json");
        });
    }

    @Test
    void unknownFormatIsRejected() {
        DataPlane dp = overall("1.35");
        assertThat(dp.mode()).isEqualTo("iptables");
        assertThatThrownBy(() -> dp.render("yaml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iptables mode has no format 'yaml' (known: restore, save, json)");
    }

    /** Every rule line carries provenance with a role; per-service lines name their service port. */
    @Test
    void everyRuleLineHasProvenance() {
        Set<String> ownRoles = Set.of(Roles.MASQUERADE_ALL, Roles.FIREWALL_FALLTHROUGH, Roles.CHAIN);
        for (String v : List.of("1.2", "1.26", "1.35")) {
            for (RestorePayload p : overall(v).payloads()) {
                p.tables().forEach(t -> {
                    for (RestoreLine l : t.lines()) {
                        if (l.text().startsWith("-A ")) {
                            assertThat(l.provenance()).as(l.text()).isNotNull();
                            assertThat(RuleRoles.known(l.provenance().role()) || ownRoles.contains(l.provenance().role()))
                                    .as(l.provenance().role()).isTrue();
                            if (l.text().startsWith("-A KUBE-SEP-") || l.text().startsWith("-A KUBE-SVC-")) {
                                assertThat(l.provenance().servicePort()).isNotNull();
                            }
                            if (l.text().startsWith("-A KUBE-SEP-")) {
                                assertThat(l.text()).contains(l.provenance().endpoint().split(":")[0]);
                            }
                        }
                    }
                });
            }
        }
    }

    /** iptables.md §4: prepended jump rules end up in reverse list order on a fresh node. */
    @Test
    void builtinJumpsInKernelOrder() {
        RestorePayload p = overall("1.35").payload(IpFamily.IPV4).orElseThrow();
        List<String> order = p.builtinJumps().stream().map(j -> j.table() + " " + j.chain() + " " + target(j)).toList();
        assertThat(order).containsExactly(
                "filter INPUT KUBE-FIREWALL",
                "filter INPUT KUBE-PROXY-FIREWALL",
                "filter INPUT KUBE-NODEPORTS",
                "filter INPUT KUBE-EXTERNAL-SERVICES",
                "filter FORWARD KUBE-PROXY-FIREWALL",
                "filter FORWARD KUBE-FORWARD",
                "filter FORWARD KUBE-SERVICES",
                "filter FORWARD KUBE-EXTERNAL-SERVICES",
                "filter OUTPUT KUBE-FIREWALL",
                "filter OUTPUT KUBE-PROXY-FIREWALL",
                "filter OUTPUT KUBE-SERVICES",
                "nat PREROUTING KUBE-SERVICES",
                "nat OUTPUT KUBE-SERVICES",
                "nat POSTROUTING KUBE-POSTROUTING");
        assertThat(p.builtinJumps().get(3).args())
                .isEqualTo("-m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES");
        assertThat(p.builtinJumps().get(0).args()).isEqualTo("-j KUBE-FIREWALL");
        assertThat(overall("1.26").payloads().get(0).builtinJumps()).noneMatch(j -> target(j).equals("KUBE-FIREWALL"));
        assertThat(overall("1.35").ensuredChains()).contains(
                new EnsuredChain("mangle", "KUBE-PROXY-CANARY"), new EnsuredChain("filter", "KUBE-FIREWALL"));
    }

    private static String target(BuiltinJump j) {
        return j.args().substring(j.args().lastIndexOf(' ') + 1);
    }

    @Test
    void jsonCarriesChainsRulesAndProvenance() {
        String json = overall("1.35").render("json");
        assertThat(json).startsWith("{\n  \"mode\": \"iptables\",\n  \"flavour\": \"1.31\",\n  \"largeClusterMode\": false,\n  \"notes\": [],\n");
        assertThat(json).contains(
                "{\"chain\": \"KUBE-SERVICES\", \"text\": \"-A KUBE-SERVICES -m comment --comment \\\"ns1/svc1:p80 cluster IP\\\" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O\", \"servicePort\": \"ns1/svc1:p80\", \"endpoint\": null, \"role\": \"cluster-ip\", \"roleDescription\": \"",
                "{\"name\": \"KUBE-SEP-SXIVWICOYRO3J4NJ\", \"servicePort\": \"ns1/svc1:p80\", \"endpoint\": \"10.180.0.1:80\", \"role\": \"chain\"",
                "\"family\": \"IPv4\",\n      \"command\": \"iptables-restore\",",
                "{\"table\": \"mangle\", \"chain\": \"KUBE-PROXY-CANARY\"}");
        assertThat(json).endsWith("}\n");
        assertThat(Json.str("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }

    @Test
    void flavourOf12NotesWhatThatEraDidNotHave() {
        IptablesDataPlane dp = overall("1.2");
        assertThat(dp.notes()).extracting(d -> d.message()).containsExactly(
                "kube-proxy 1.2 had no traffic policies: ns2/svc2 is written as if both were Cluster",
                "kube-proxy 1.2 did not enforce loadBalancerSourceRanges: ns5/svc5 accepts every source");
        assertThat(dp.payloads()).hasSize(1);
        assertThat(dp.payloads().get(0).tables()).extracting(t -> t.name()).containsExactly("nat");
    }
}
