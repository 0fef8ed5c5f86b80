package dev.kpsim.core.config;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.net.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutable builder of a {@link ProxyConfig}; used inside one stage (a loader, a what-if edit, a test). */
public final class ProxyConfigBuilder {
    private String mode;
    private String hostnameOverride;
    private List<Cidr> clusterCidrs;
    private DetectLocalMode detectLocalMode;
    private String bridgeInterface;
    private String interfaceNamePrefix;
    private int masqueradeBit;
    private boolean masqueradeAll;
    private boolean localhostNodePorts;
    private List<String> nodePortAddresses;
    private IpvsSettings ipvs;
    private ConntrackSettings conntrack;
    private KubeProxyVersion version;
    private String proxyPortRange;
    private Map<String, Integer> userspaceProxyPorts;

    ProxyConfigBuilder(ProxyConfig c) {
        mode = c.mode();
        hostnameOverride = c.hostnameOverride();
        clusterCidrs = new ArrayList<>(c.clusterCidrs());
        detectLocalMode = c.detectLocalMode();
        bridgeInterface = c.bridgeInterface();
        interfaceNamePrefix = c.interfaceNamePrefix();
        masqueradeBit = c.masqueradeBit();
        masqueradeAll = c.masqueradeAll();
        localhostNodePorts = c.localhostNodePorts();
        nodePortAddresses = new ArrayList<>(c.nodePortAddresses());
        ipvs = c.ipvs();
        conntrack = c.conntrack();
        version = c.kubeProxyVersion();
        proxyPortRange = c.proxyPortRange();
        userspaceProxyPorts = new LinkedHashMap<>(c.userspaceProxyPorts());
    }

    public ProxyConfigBuilder mode(String v) { mode = v; return this; }
    public ProxyConfigBuilder hostnameOverride(String v) { hostnameOverride = v; return this; }
    public ProxyConfigBuilder clusterCidrs(List<Cidr> v) { clusterCidrs = new ArrayList<>(v); return this; }
    public ProxyConfigBuilder detectLocalMode(DetectLocalMode v) { detectLocalMode = v; return this; }
    public ProxyConfigBuilder bridgeInterface(String v) { bridgeInterface = v; return this; }
    public ProxyConfigBuilder interfaceNamePrefix(String v) { interfaceNamePrefix = v; return this; }
    public ProxyConfigBuilder masqueradeBit(int v) { masqueradeBit = v; return this; }
    public ProxyConfigBuilder masqueradeAll(boolean v) { masqueradeAll = v; return this; }
    public ProxyConfigBuilder localhostNodePorts(boolean v) { localhostNodePorts = v; return this; }
    public ProxyConfigBuilder nodePortAddresses(List<String> v) { nodePortAddresses = new ArrayList<>(v); return this; }
    public ProxyConfigBuilder ipvs(IpvsSettings v) { ipvs = v; return this; }
    public ProxyConfigBuilder conntrack(ConntrackSettings v) { conntrack = v; return this; }
    public ProxyConfigBuilder kubeProxyVersion(KubeProxyVersion v) { version = v; return this; }
    public ProxyConfigBuilder proxyPortRange(String v) { proxyPortRange = v; return this; }
    public ProxyConfigBuilder userspaceProxyPort(String servicePortName, int port) { userspaceProxyPorts.put(servicePortName, port); return this; }

    public ProxyConfig build() {
        return new ProxyConfig(mode, hostnameOverride, clusterCidrs, detectLocalMode, bridgeInterface, interfaceNamePrefix,
                masqueradeBit, masqueradeAll, localhostNodePorts, nodePortAddresses, ipvs, conntrack, version, proxyPortRange,
                userspaceProxyPorts);
    }
}
