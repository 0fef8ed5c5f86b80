package dev.kpsim.scenarios.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kpsim.core.config.ConntrackSettings;
import dev.kpsim.core.config.DetectLocalMode;
import dev.kpsim.core.config.IpvsSettings;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.scenarios.InputLoader;
import dev.kpsim.scenarios.LoadedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeProxyConfigurationTest {
    @TempDir
    Path dir;

    private String write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    private LoadedInput load(String name, String text) throws IOException {
        return InputLoader.load(List.of(write(name, text)));
    }

    @Test
    void aFullIpvsConfigurationMapsOntoProxyConfig() throws IOException {
        LoadedInput in = load("kp.yaml", """
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                kind: KubeProxyConfiguration
                mode: ipvs
                hostnameOverride: " Node-1 "
                clusterCIDR: 10.244.0.0/16,fd00:10:244::/56
                detectLocalMode: InterfaceNamePrefix
                detectLocal:
                  bridgeInterface: cni0
                  interfaceNamePrefix: veth
                iptables:
                  masqueradeBit: 15
                  masqueradeAll: true
                  localhostNodePorts: false
                  syncPeriod: 30s
                ipvs:
                  scheduler: wrr
                  strictARP: true
                  excludeCIDRs: [10.250.0.0/16]
                  tcpTimeout: 15m0s
                  tcpFinTimeout: 2m
                  udpTimeout: 300s
                nodePortAddresses: [primary, 10.240.0.0/16]
                conntrack:
                  tcpBeLiberal: true
                  tcpEstablishedTimeout: 1h30m
                  tcpCloseWaitTimeout: 60s
                  udpTimeout: 30s
                  udpStreamTimeout: 2m0s
                portRange: 30000-31000
                """);
        ProxyConfig c = in.config();
        assertThat(c.mode()).isEqualTo("ipvs");
        assertThat(c.hostnameOverride()).isEqualTo("node-1");
        assertThat(in.preferredNode()).contains("node-1");
        assertThat(c.clusterCidrs()).containsExactly(Cidr.parse("10.244.0.0/16"), Cidr.parse("fd00:10:244::/56"));
        assertThat(c.detectLocalMode()).isEqualTo(DetectLocalMode.InterfaceNamePrefix);
        assertThat(c.bridgeInterface()).isEqualTo("cni0");
        assertThat(c.interfaceNamePrefix()).isEqualTo("veth");
        assertThat(c.masqueradeBit()).isEqualTo(15);
        assertThat(c.masqueradeAll()).isTrue();
        assertThat(c.localhostNodePorts()).isFalse();
        assertThat(c.ipvs()).isEqualTo(new IpvsSettings("wrr", true, List.of("10.250.0.0/16"), 900, 120, 300));
        assertThat(c.nodePortAddresses()).containsExactly("primary", "10.240.0.0/16");
        assertThat(c.conntrack()).isEqualTo(new ConntrackSettings(true, 5400, 60, 30, 120));
        assertThat(c.proxyPortRange()).isEqualTo("30000-31000");
        assertThat(in.diagnostics()).isEmpty();
    }

    @Test
    void emptyAndNullValuesMeanKubeProxysDefaults() throws IOException {
        LoadedInput in = load("kp.yaml", """
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                kind: KubeProxyConfiguration
                mode: ""
                clusterCIDR: ""
                detectLocalMode: ""
                hostnameOverride: ""
                iptables:
                  masqueradeBit: null
                  localhostNodePorts: null
                conntrack:
                  tcpEstablishedTimeout: null
                  tcpCloseWaitTimeout: null
                  udpTimeout: 0s
                nodePortAddresses: null
                """);
        assertThat(in.config()).isEqualTo(ProxyConfig.defaults());
        assertThat(in.preferredNode()).isEmpty();
    }

    @Test
    void nftablesModeTakesItsMasqueradeSettingsFromTheNftablesSection() throws IOException {
        LoadedInput in = load("kp.yaml", """
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                kind: KubeProxyConfiguration
                mode: nftables
                iptables: {masqueradeBit: 10, masqueradeAll: false}
                nftables: {masqueradeBit: 12, masqueradeAll: true}
                """);
        assertThat(in.config().masqueradeBit()).isEqualTo(12);
        assertThat(in.config().masqueradeAll()).isTrue();
    }

    @Test
    void aMisspeltFieldIsAWarningWithASuggestion() throws IOException {
        LoadedInput in = load("kp.yaml", """
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                kind: KubeProxyConfiguration
                mode: iptables
                iptables:
                  masqueradBit: 12
                clusterCIRD: 10.244.0.0/16
                someVendorExtension: true
                featureGates:
                  AnyGateAtAll: true
                logging:
                  format: json
                """);
        assertThat(in.diagnostics()).extracting(Diagnostic::format).containsExactly(
                dir.resolve("kp.yaml") + ":5:3: warning: unknown field 'masqueradBit' (did you mean 'masqueradeBit'?)",
                dir.resolve("kp.yaml") + ":6:1: warning: unknown field 'clusterCIRD' (did you mean 'clusterCIDR'?)",
                dir.resolve("kp.yaml") + ":7:1: warning: unknown field 'someVendorExtension'");
        assertThat(in.diagnostics()).extracting(Diagnostic::code).containsOnly("unknown-field");
        assertThat(in.config().masqueradeBit()).as("a misspelt field has no effect").isEqualTo(14);
        assertThat(in.config().clusterCidrs()).isEmpty();
    }

    @Test
    void badValuesAreLocatedErrors() throws IOException {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> load("kp.yaml", """
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                kind: KubeProxyConfiguration
                mode: kernelspace
                clusterCIDR: 10.244.0.0/33
                iptables:
                  masqueradeBit: 32
                ipvs:
                  tcpTimeout: 15x
                nodePortAddresses: [primry]
                """));
        String f = dir.resolve("kp.yaml").toString();
        assertThat(e.diagnostics()).extracting(Diagnostic::format).containsExactly(
                f + ":3:7: mode: unknown proxy mode 'kernelspace'; expected iptables, ipvs, nftables or userspace",
                f + ":4:14: clusterCIDR: '10.244.0.0/33' is not a CIDR (expected ADDRESS/LENGTH)",
                f + ":6:18: iptables.masqueradeBit: masqueradeBit 32 is out of range (0-31)",
                f + ":8:15: ipvs.tcpTimeout: '15x' is not a duration (for example 900s, 15m0s, 1h)",
                f + ":9:21: nodePortAddresses[0]: 'primry' is not a CIDR (expected ADDRESS/LENGTH)");
    }

    @Test
    void kubeadmConfigMapIsReadWithLocationsInsideTheBlock() throws IOException {
        LoadedInput in = load("cm.yaml", """
                apiVersion: v1
                data:
                  config.conf: |-
                    apiVersion: kubeproxy.config.k8s.io/v1alpha1
                    kind: KubeProxyConfiguration
                    clusterCIDR: 10.244.0.0/16
                    iptables:
                      masqueradBit: null
                    mode: ""
                  kubeconfig.conf: |-
                    apiVersion: v1
                    kind: Config
                kind: ConfigMap
                metadata:
                  name: kube-proxy
                  namespace: kube-system
                """);
        assertThat(in.config().clusterCidrs()).containsExactly(Cidr.parse("10.244.0.0/16"));
        assertThat(in.diagnostics()).extracting(Diagnostic::format).containsExactly(
                dir.resolve("cm.yaml") + ":8:7: warning: unknown field 'masqueradBit' (did you mean 'masqueradeBit'?)");
    }

    @Test
    void aConfigMapWithoutConfigurationIsSkipped() throws IOException {
        LoadedInput in = load("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata:\n  Corefile: \".:53 {}\"\n");
        assertThat(in.diagnostics()).extracting(Diagnostic::format).containsExactly(
                dir.resolve("cm.yaml") + ":1:1: warning: skipped ConfigMap kube-system/coredns: it holds no KubeProxyConfiguration");
    }

    @Test
    void twoConfigurationsAreAnError() throws IOException {
        String a = write("a.yaml", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n");
        String b = write("b.yaml", "apiVersion: kpsim.dev/v1alpha1\nkind: Scenario\nproxy:\n  mode: ipvs\n");
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> InputLoader.load(List.of(a, b)));
        assertThat(e.getMessage()).isEqualTo(b + ":3:1: a second kube-proxy configuration (the first is at " + a + ":1:1)");
    }

    @Test
    void goDurations() {
        assertThat(GoDuration.parseSeconds("900s")).hasValue(900);
        assertThat(GoDuration.parseSeconds("15m0s")).hasValue(900);
        assertThat(GoDuration.parseSeconds("1h2m3.9s")).hasValue(3723);
        assertThat(GoDuration.parseSeconds("1500ms")).hasValue(1);
        assertThat(GoDuration.parseSeconds("0")).hasValue(0);
        assertThat(GoDuration.parseSeconds("-1s")).hasValue(-1);
        assertThat(GoDuration.parseSeconds("15")).isEmpty();
        assertThat(GoDuration.parseSeconds("1d")).isEmpty();
        assertThat(GoDuration.parseSeconds("")).isEmpty();
        assertThat(GoDuration.parseSeconds("1..5s")).isEmpty();
    }
}
