package dev.kpsim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.net.Cidr;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error class and warning, with its exact text and location. */
class DiagnosticsTest {
    @TempDir
    Path dir;
    private String f;

    @BeforeEach
    void name() {
        f = dir.resolve("in.yaml").toString();
    }

    private List<String> errors(String text) {
        return Inputs.errors(dir, "in.yaml", text);
    }

    private List<String> codes(String text) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> Inputs.load(Inputs.write(dir, "in.yaml", text)));
        return e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::code).toList();
    }

    private List<String> warnings(String text) {
        return Inputs.warnings(Inputs.load(Inputs.write(dir, "in.yaml", text)));
    }

    private static final String SVC = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n";
    private static final String SCN = "apiVersion: kpsim.dev/v1alpha1\nkind: Scenario\n";

    @Test
    void yamlSyntax() {
        assertThat(errors(SVC + "spec:\n  ports:\n  - port: 80\n   targetPort: 8080\n"))
                .containsExactly(f + ":9:4: YAML syntax error: expected <block end>, but found '<block mapping start>' (while parsing a block mapping)");
        assertThat(codes(SVC + "spec: [\n")).containsExactly("yaml-syntax");
    }

    @Test
    void badIpAddress() {
        assertThat(errors(SVC + "spec:\n  clusterIP: 10.0.1.300\n")).containsExactly(f + ":7:14: spec.clusterIP: '10.0.1.300' is not an IP address");
        assertThat(errors(SCN + "pods:\n  - name: p\n    ip: 10.244.01.5\n")).containsExactly(f + ":5:9: pods[0].ip: '10.244.01.5' is not an IP address");
        assertThat(codes(SVC + "spec:\n  externalIPs: [foo]\n")).containsExactly("bad-ip");
    }

    @Test
    void badCidr() {
        assertThat(errors(SVC + "spec:\n  loadBalancerSourceRanges:\n  - 10.0.0.0/33\n"))
                .containsExactly(f + ":8:5: spec.loadBalancerSourceRanges[0]: '10.0.0.0/33' is not a CIDR (expected ADDRESS/LENGTH)");
        assertThat(errors(SCN + "nodes:\n  - name: n1\n    podCIDR: 10.244.1.0\n"))
                .containsExactly(f + ":5:14: nodes[0].podCIDR: '10.244.1.0' is not a CIDR (expected ADDRESS/LENGTH)");
    }

    @Test
    void portOutOfRange() {
        assertThat(errors(SVC + "spec:\n  ports:\n  - port: 0\n  - port: 80\n    targetPort: 65536\n  - port: 81\n    nodePort: -1\n")).containsExactly(
                f + ":8:11: spec.ports[0].port: port 0 is out of range (1-65535)",
                f + ":10:17: spec.ports[1].targetPort: port 65536 is out of range (1-65535)",
                f + ":12:15: spec.ports[2].nodePort: port -1 is out of range (1-65535)");
        assertThat(errors(SCN + "services:\n  - name: s\n    ports: [{port: 70000}]\n"))
                .containsExactly(f + ":5:20: services[0].ports[0].port: port 70000 is out of range (1-65535)");
    }

    @Test
    void duplicateObjectNamesBothLocations() {
        String a = Inputs.write(dir, "a.yaml", SVC + "spec:\n  clusterIP: 10.96.0.5\n");
        String b = Inputs.write(dir, "b.yaml", SCN + "services:\n  - name: web\n    namespace: shop\n    ports: [{port: 80}]\n");
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> Inputs.load(a, b));
        assertThat(e.getMessage()).isEqualTo(b + ":4:5: duplicate Service shop/web (first defined at " + a + ":1:1)");
        assertThat(e.diagnostics().get(0).code()).isEqualTo("duplicate-object");
    }

    @Test
    void endpointSliceWithoutServiceNameLabel() {
        assertThat(errors("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: orphan-x1\n  labels:\n    app: web\naddressType: IPv4\n"))
                .containsExactly(f + ":6:5: EndpointSlice default/orphan-x1 has no kubernetes.io/service-name label (kube-proxy ignores such slices)");
        assertThat(errors(SCN + "endpointSlices:\n  - name: s1\n    endpoints: [{ip: 10.1.1.1}]\n"))
                .containsExactly(f + ":4:5: endpointSlices[0]: an endpoint slice needs 'service' (its kubernetes.io/service-name label)");
    }

    @Test
    void clusterIpOutsideTheScenariosServiceRange() {
        assertThat(errors(SCN + "allocation:\n  serviceCIDR: 10.96.0.0/12\nservices:\n  - name: s\n    clusterIP: 10.0.1.175\n    ports: [{port: 80}]\n"))
                .containsExactly(f + ":7:16: Service default/s: ClusterIP 10.0.1.175 is outside every service range (10.96.0.0/12)");
    }

    @Test
    void clusterIpOutsideAServiceCidrObjectOrAGivenRange() {
        String text = SVC + "spec:\n  clusterIP: 10.0.1.175\n---\napiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata: {name: kubernetes}\n"
                + "spec:\n  cidrs: [10.96.0.0/12, \"fd00:10:96::/112\"]\n";
        assertThat(errors(text)).containsExactly(f + ":7:14: Service shop/web: ClusterIP 10.0.1.175 is outside every service range (10.96.0.0/12)");
        String plain = Inputs.write(dir, "plain.yaml", SVC + "spec:\n  clusterIP: 10.0.1.175\n");
        assertThat(Inputs.load(plain).diagnostics()).as("no range known: no check").isEmpty();
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> InputLoader.load(List.of(plain),
                LoadOptions.defaults().withServiceRanges(List.of(Cidr.parse("10.96.0.0/12")))));
        assertThat(e.getMessage()).isEqualTo(plain + ":7:14: Service shop/web: ClusterIP 10.0.1.175 is outside every service range (10.96.0.0/12)");
    }

    @Test
    void unknownEnumValuesWithSuggestions() {
        assertThat(errors(SVC + "spec:\n  type: Nodeport\n  externalTrafficPolicy: Locale\n  internalTrafficPolicy: Node\n  sessionAffinity: ClientIp\n"
                + "  ports:\n  - port: 80\n    protocol: tcp\n")).containsExactly(
                f + ":7:9: spec.type: unknown Service type 'Nodeport' (did you mean 'NodePort'?); expected ClusterIP, NodePort, LoadBalancer or ExternalName",
                f + ":13:15: spec.ports[0].protocol: unknown protocol 'tcp' (did you mean 'TCP'?); expected TCP, UDP or SCTP",
                f + ":8:26: spec.externalTrafficPolicy: unknown externalTrafficPolicy 'Locale' (did you mean 'Local'?); expected Cluster or Local",
                f + ":9:26: spec.internalTrafficPolicy: unknown internalTrafficPolicy 'Node'; expected Cluster or Local",
                f + ":10:20: spec.sessionAffinity: unknown session affinity 'ClientIp' (did you mean 'ClientIP'?); expected None or ClientIP");
        assertThat(errors(SCN + "services:\n  - name: s\n    type: Loadbalancer\n")).containsExactly(
                f + ":5:11: services[0].type: unknown Service type 'Loadbalancer' (did you mean 'LoadBalancer'?); expected ClusterIP, NodePort, LoadBalancer or ExternalName");
    }

    @Test
    void wrongTypesAreLocated() {
        assertThat(errors(SVC + "spec:\n  ports:\n  - port: eighty\n"))
                .containsExactly(f + ":8:11: spec.ports[0].port: expected an integer, got 'eighty'");
        assertThat(errors(SCN + "pods:\n  - name: p\n    ready: maybe\n"))
                .containsExactly(f + ":5:12: pods[0].ready: expected true or false, got 'maybe'");
    }

    @Test
    void scenarioFieldsAreCheckedWithSuggestions() {
        assertThat(errors(SCN + "services:\n  - name: s\n    extrnalIPs: [10.1.1.1]\n    ports: [{port: 80, targetport: 8080}]\nnodez: []\n")).containsExactly(
                f + ":6:24: unknown field 'targetport' (did you mean 'targetPort'?)",
                f + ":5:5: unknown field 'extrnalIPs' (did you mean 'externalIPs'?)",
                f + ":7:1: unknown field 'nodez' (did you mean 'nodes'?)");
    }

    @Test
    void missingNamesAndKinds() {
        assertThat(errors(SCN + "pods:\n  - ip: 10.1.1.1\n")).containsExactly(f + ":4:5: pods[0]: a pod needs a name");
        assertThat(errors("apiVersion: v1\nkind: Service\nspec: {}\n")).containsExactly(f + ":1:1: Service without metadata.name");
        assertThat(errors("apiVersion: v1\nmetadata: {name: x}\n")).containsExactly(
                f + ":1:1: a document without 'kind' (expected a Kubernetes object or a kpsim Scenario)");
        assertThat(errors("- a\n- b\n")).containsExactly(
                f + ":1:1: expected a Kubernetes object or a kpsim Scenario (a mapping with apiVersion and kind)");
        assertThat(errors("apiVersion: kpsim.dev/v2\nkind: Scenario\n")).containsExactly(
                f + ":1:13: Scenario apiVersion 'kpsim.dev/v2' is not supported (expected kpsim.dev/v1alpha1)");
    }

    @Test
    void severalPortsNeedUniqueNames() {
        assertThat(errors(SCN + "services:\n  - name: s\n    ports:\n      - {port: 80}\n      - {name: a, port: 81}\n      - {name: a, port: 82}\n"))
                .containsExactly(f + ":6:9: services[0].ports[0]: a Service with several ports needs a name for each",
                        f + ":8:16: services[0].ports[2]: port name 'a' is already used at " + f + ":7:16");
    }

    @Test
    void sharedClusterIpsAndNodePortsAreErrors() {
        assertThat(errors(SCN + "services:\n  - {name: a, type: NodePort, clusterIP: 10.96.0.5, ports: [{port: 80, nodePort: 30080}]}\n"
                + "  - {name: b, type: NodePort, clusterIP: 10.96.0.5, ports: [{port: 80, nodePort: 30080}]}\n")).containsExactly(
                f + ":5:42: Service default/b: ClusterIP 10.96.0.5 is already used by Service default/a",
                f + ":5:5: Service default/b: node port 30080 is already used by Service default/a");
    }

    @Test
    void missingFile() {
        String missing = dir.resolve("nope.yaml").toString();
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> Inputs.load(missing));
        assertThat(e.getMessage()).isEqualTo(missing + ": no such file or directory");
        assertThat(e.diagnostics().get(0).code()).isEqualTo("read-error");
    }

    @Test
    void warningsForSuspiciousButLegalInput() {
        assertThat(warnings(SCN + """
                nodes:
                  - {name: n1, addresses: [10.240.0.1], podCIDR: 10.244.1.0/24}
                pods:
                  - {name: p1, labels: {app: a}, ip: 10.244.1.5, node: n9}
                  - {name: p2, labels: {app: a}, ip: 10.244.7.5, node: n1}
                services:
                  - {name: a, selector: {app: a}, ports: [{port: 80}]}
                  - {name: b, selector: {app: b, tier: x}, ports: [{port: 80}]}
                endpointSlices:
                  - name: c-1
                    service: c
                    endpoints: [{ip: 10.244.1.9, node: n8}]
                """)).containsExactly(
                f + ":10:5: warning: Service default/b: selector app=b,tier=x matches no pod",
                f + ":6:5: warning: Pod default/p1 is on unknown node 'n9'",
                f + ":7:5: warning: Pod default/p2: IP 10.244.7.5 is outside the pod CIDRs of node n1 (10.244.1.0/24)",
                f + ":12:5: warning: EndpointSlice default/c-1 belongs to unknown Service default/c (its kubernetes.io/service-name label)",
                f + ":12:5: warning: EndpointSlice default/c-1: endpoint 10.244.1.9 is on unknown node 'n8'");
    }

    @Test
    void unknownKindsAreSkippedWithAWarning() {
        assertThat(warnings("apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: hello, namespace: demo}\n")).containsExactly(
                f + ":1:1: warning: skipped serving.knative.dev/v1 Service demo/hello: kpsim does not read this kind");
    }

    @Test
    void errorsCarryEveryDiagnosticInOrder() {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> Inputs.load(Inputs.write(dir, "in.yaml",
                SCN + "services:\n  - name: s\n    clusterIP: 10.0.0.300\n    selector: {app: none}\n    ports: [{port: 80}]\n")));
        assertThat(e.diagnostics()).extracting(Diagnostic::format).containsExactly(
                f + ":5:16: services[0].clusterIP: '10.0.0.300' is not an IP address",
                f + ":4:5: warning: Service default/s: selector app=none matches no pod");
        assertThat(e.getMessage()).as("the message holds only errors").isEqualTo(f + ":5:16: services[0].clusterIP: '10.0.0.300' is not an IP address");
    }
}
