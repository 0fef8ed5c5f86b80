package dev.kpsim.scenarios;

import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.compact.ScenarioReader;
import dev.kpsim.scenarios.config.ConfigMapReader;
import dev.kpsim.scenarios.config.KubeProxyConfigurationReader;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.kube.EndpointSliceConverter;
import dev.kpsim.scenarios.kube.EndpointsConverter;
import dev.kpsim.scenarios.kube.NodeConverter;
import dev.kpsim.scenarios.kube.PodConverter;
import dev.kpsim.scenarios.kube.ServiceConverter;
import dev.kpsim.scenarios.read.Values;
import java.util.List;

/**
 * Routes one document (or {@code items[]} entry) to its reader by apiVersion and kind. {@code kind: List} and any
 * {@code *List} with {@code items} are unwrapped. A document without apiVersion is routed by kind alone. Anything
 * else (a Deployment, a Knative Service) is skipped with an {@code unknown-kind} warning.
 */
final class ObjectDispatcher {
    private static final List<String> CORE = List.of("v1");
    private static final List<String> DISCOVERY = List.of("discovery.k8s.io/v1", "discovery.k8s.io/v1beta1");
    private static final List<String> NETWORKING = List.of("networking.k8s.io/v1", "networking.k8s.io/v1beta1");
    private static final List<String> KUBE_PROXY = List.of("kubeproxy.config.k8s.io/v1alpha1");

    private ObjectDispatcher() {
    }

    static void dispatch(Located obj, Values v, InputCollector out) {
        if (obj.isAbsent()) {
            return; // an empty document, e.g. after a trailing '---'
        }
        if (!obj.node().isObject()) {
            v.diagnostics().error(obj.location(), "not-an-object",
                    "expected a Kubernetes object or a kpsim Scenario (a mapping with apiVersion and kind)");
            return;
        }
        String kind = obj.get("kind").text();
        String apiVersion = obj.get("apiVersion").text();
        if (kind == null || kind.isEmpty()) {
            v.diagnostics().error(obj.location(), "missing-field", "a document without 'kind' (expected a Kubernetes object or a kpsim Scenario)");
            return;
        }
        if (kind.endsWith("List") && obj.get("items").node().isArray()) {
            obj.get("items").elements().forEach(item -> dispatch(item, v, out));
            return;
        }
        switch (kind) {
            case "Service" -> route(obj, apiVersion, CORE, () -> ServiceConverter.read(obj, v, out), v);
            case "EndpointSlice" -> route(obj, apiVersion, DISCOVERY, () -> EndpointSliceConverter.read(obj, v, out), v);
            case "Endpoints" -> route(obj, apiVersion, CORE, () -> EndpointsConverter.read(obj, v, out), v);
            case "Pod" -> route(obj, apiVersion, CORE, () -> PodConverter.read(obj, v, out), v);
            case "Node" -> route(obj, apiVersion, CORE, () -> NodeConverter.read(obj, v, out), v);
            case "ConfigMap" -> route(obj, apiVersion, CORE, () -> ConfigMapReader.read(obj, v, out), v);
            case "ServiceCIDR" -> route(obj, apiVersion, NETWORKING, () -> serviceCidr(obj, v, out), v);
            case "KubeProxyConfiguration" -> route(obj, apiVersion, KUBE_PROXY, () -> KubeProxyConfigurationReader.read(obj, v, out), v);
            case "Scenario" -> {
                if (apiVersion != null && !apiVersion.equals(ScenarioReader.API_VERSION)) {
                    v.diagnostics().error(obj.get("apiVersion").location(), "unknown-api-version",
                            "Scenario apiVersion '" + apiVersion + "' is not supported (expected " + ScenarioReader.API_VERSION + ")");
                } else {
                    ScenarioReader.read(obj, v, out);
                }
            }
            default -> skip(obj, apiVersion, kind, v);
        }
    }

    private static void route(Located obj, String apiVersion, List<String> versions, Runnable reader, Values v) {
        if (apiVersion == null || versions.contains(apiVersion)) {
            reader.run();
        } else {
            skip(obj, apiVersion, obj.get("kind").text(), v);
        }
    }

    private static void skip(Located obj, String apiVersion, String kind, Values v) {
        Located meta = obj.get("metadata");
        String ns = meta.get("namespace").text();
        String name = meta.get("name").text();
        String id = name == null ? "" : " " + (ns == null ? name : ns + "/" + name);
        String type = apiVersion == null ? kind : apiVersion + " " + kind;
        v.diagnostics().warning(obj.location(), "unknown-kind", "skipped " + type + id + ": kpsim does not read this kind");
    }

    /** A {@code networking.k8s.io} ServiceCIDR: its {@code spec.cidrs} are known service ranges. */
    private static void serviceCidr(Located obj, Values v, InputCollector out) {
        v.cidrs(obj.get("spec").get("cidrs")).forEach(out::addServiceRange);
    }
}
