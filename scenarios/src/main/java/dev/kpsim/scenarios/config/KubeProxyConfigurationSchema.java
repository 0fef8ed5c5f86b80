package dev.kpsim.scenarios.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every field of {@code kubeproxy.config.k8s.io/v1alpha1} KubeProxyConfiguration
 * ({@code staging/src/k8s.io/kube-proxy/config/v1alpha1/types.go}), including fields of older releases
 * (userspace-era {@code udpIdleTimeout}, {@code resourceContainer}, {@code conntrack.max}), so a real file is
 * accepted silently whatever it sets. Free-form sections ({@code featureGates}, {@code logging}) accept anything.
 */
final class KubeProxyConfigurationSchema {

    /** A node of the schema: a leaf, a free-form section, or a mapping of known fields. */
    sealed interface Field permits Leaf, Free, Group {
    }

    record Leaf() implements Field {
    }

    record Free() implements Field {
    }

    record Group(Map<String, Field> fields) implements Field {
        Set<String> names() {
            return fields.keySet();
        }
    }

    private static final Leaf L = new Leaf();
    private static final Free F = new Free();

    private static Group group(Object... nameAndField) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndField.length; i++) {
            if (nameAndField[i] instanceof String name) {
                Field f = i + 1 < nameAndField.length && nameAndField[i + 1] instanceof Field given ? given : L;
                m.put(name, f);
            }
        }
        return new Group(m);
    }

    /** The whole document. */
    static final Group ROOT = group(
            "apiVersion", "kind",
            "featureGates", F,
            "clientConnection", group("kubeconfig", "acceptContentTypes", "contentType", "qps", "burst"),
            "logging", F,
            "hostnameOverride", "bindAddress", "healthzBindAddress", "metricsBindAddress", "bindAddressHardFail",
            "enableProfiling", "showHiddenMetricsForVersion", "mode",
            "iptables", group("masqueradeBit", "masqueradeAll", "localhostNodePorts", "snatNodeInternalIP", "syncPeriod", "minSyncPeriod"),
            "ipvs", group("syncPeriod", "minSyncPeriod", "scheduler", "excludeCIDRs", "strictARP", "tcpTimeout", "tcpFinTimeout", "udpTimeout"),
            "nftables", group("masqueradeBit", "masqueradeAll", "syncPeriod", "minSyncPeriod"),
            "winkernel", group("networkName", "sourceVip", "enableDSR", "rootHnsEndpointName", "forwardHealthCheckVip"),
            "detectLocalMode",
            "detectLocal", group("bridgeInterface", "interfaceNamePrefix"),
            "clusterCIDR", "nodePortAddresses", "oomScoreAdj",
            "conntrack", group("max", "maxPerCore", "min", "tcpEstablishedTimeout", "tcpCloseWaitTimeout", "tcpBeLiberal",
                    "udpTimeout", "udpStreamTimeout"),
            "configSyncPeriod", "portRange", "udpIdleTimeout", "resourceContainer", "windowsRunAsService");

    private KubeProxyConfigurationSchema() {
    }
}
