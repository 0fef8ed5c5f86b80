package dev.kpsim.scenarios.compact;

import dev.kpsim.core.config.ConntrackSettings;
import dev.kpsim.core.config.DetectLocalMode;
import dev.kpsim.core.config.IpvsSettings;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.config.ProxyConfigBuilder;
import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.scenarios.config.GoDuration;
import dev.kpsim.scenarios.config.KubeProxyConfigurationReader;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Fields;
import dev.kpsim.scenarios.read.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A scenario's {@code proxy:} section: the kube-proxy settings a teaching or what-if scenario varies, in flat
 * form, read into a {@link ProxyConfig} on top of kube-proxy's defaults. {@code node} is the node kube-proxy runs
 * as (its {@code hostnameOverride}); {@code userspace.proxyPorts} pins the userspace proxier's port per service
 * port ({@code "ns/name:port": 48577}). Unknown fields are errors.
 */
final class ProxySectionReader {
    static final List<String> MODES = List.of("iptables", "ipvs", "nftables", "userspace");
    static final List<String> SCHEDULERS = List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "mh", "fo", "ovf", "twos");

    private ProxySectionReader() {
    }

    static ProxyConfig read(Located at, Values v) {
        Fields f = Fields.of(at, v);
        ProxyConfigBuilder b = ProxyConfig.defaults().toBuilder();
        v.oneOf(f.get("mode"), "proxy mode", MODES).ifPresent(b::mode);
        v.string(f.get("node")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).ifPresent(b::hostnameOverride);
        Located version = f.get("kubeProxyVersion");
        v.string(version).ifPresent(s -> {
            Optional<KubeProxyVersion> kv = KubeProxyVersion.parse(s);
            if (kv.isEmpty()) {
                v.diagnostics().error(version.location(), "bad-value",
                        version.path() + ": '" + s + "' is not a kube-proxy version (for example 1.28, v1.35.0 or latest)");
            }
            kv.ifPresent(b::kubeProxyVersion);
        });
        b.clusterCidrs(v.cidrs(f.get("clusterCIDR")));
        v.enumValue(f.get("detectLocalMode"), "detectLocalMode", DetectLocalMode.class).ifPresent(b::detectLocalMode);
        v.string(f.get("bridgeInterface")).ifPresent(b::bridgeInterface);
        v.string(f.get("interfaceNamePrefix")).ifPresent(b::interfaceNamePrefix);
        KubeProxyConfigurationReader.masqueradeBit(f.get("masqueradeBit"), v).ifPresent(b::masqueradeBit);
        v.bool(f.get("masqueradeAll")).ifPresent(b::masqueradeAll);
        v.bool(f.get("localhostNodePorts")).ifPresent(b::localhostNodePorts);
        Located npa = f.get("nodePortAddresses");
        if (!npa.isAbsent()) {
            b.nodePortAddresses(KubeProxyConfigurationReader.nodePortAddresses(npa, v));
        }
        Located ipvsAt = f.get("ipvs");
        if (!ipvsAt.isAbsent()) {
            b.ipvs(ipvs(ipvsAt, v));
        }
        Located ctAt = f.get("conntrack");
        if (!ctAt.isAbsent()) {
            b.conntrack(conntrack(ctAt, v));
        }
        Located us = f.get("userspace");
        if (!us.isAbsent()) {
            userspace(us, v, b);
        }
        f.finish(Severity.ERROR);
        return b.build();
    }

    private static IpvsSettings ipvs(Located at, Values v) {
        Fields f = Fields.of(at, v);
        String scheduler = v.oneOf(f.get("scheduler"), "IPVS scheduler", SCHEDULERS).orElse("");
        boolean strictArp = v.bool(f.get("strictARP")).orElse(false);
        List<String> exclude = new ArrayList<>();
        for (Located e : v.stringList(f.get("excludeCIDRs"))) {
            v.cidr(e.text(), e).ifPresent(c -> exclude.add(e.text().trim()));
        }
        IpvsSettings s = new IpvsSettings(scheduler, strictArp, exclude, seconds(f.get("tcpTimeout"), v, 0),
                seconds(f.get("tcpFinTimeout"), v, 0), seconds(f.get("udpTimeout"), v, 0));
        f.finish(Severity.ERROR);
        return s;
    }

    private static ConntrackSettings conntrack(Located at, Values v) {
        Fields f = Fields.of(at, v);
        ConntrackSettings d = ConntrackSettings.defaults();
        ConntrackSettings s = new ConntrackSettings(v.bool(f.get("tcpBeLiberal")).orElse(false),
                seconds(f.get("tcpEstablishedTimeout"), v, d.tcpEstablishedTimeoutSeconds()),
                seconds(f.get("tcpCloseWaitTimeout"), v, d.tcpCloseWaitTimeoutSeconds()),
                seconds(f.get("udpTimeout"), v, d.udpTimeoutSeconds()),
                seconds(f.get("udpStreamTimeout"), v, d.udpStreamTimeoutSeconds()));
        f.finish(Severity.ERROR);
        return s;
    }

    private static void userspace(Located at, Values v, ProxyConfigBuilder b) {
        Fields f = Fields.of(at, v);
        Located range = f.get("portRange");
        v.string(range).ifPresent(s -> {
            if (!s.isEmpty() && PortRange.parse(s).isEmpty()) {
                v.diagnostics().error(range.location(), "bad-value", range.path() + ": '" + s + "' is not a port range (for example 30000-40000)");
            }
            b.proxyPortRange(s);
        });
        Located pins = f.get("proxyPorts");
        if (!pins.isAbsent() && !pins.node().isObject()) {
            v.typeError(pins, "a mapping of service ports (ns/name:port) to proxy ports");
        }
        pins.fields().forEach((name, portAt) -> {
            if (!name.matches("[^/:]+/[^/:]+(:[^/:]*)?")) {
                v.diagnostics().error(portAt.keyLocation(), "bad-value",
                        portAt.path() + ": '" + name + "' is not a service port name (namespace/name:port)");
                return;
            }
            String key = name.endsWith(":") ? name.substring(0, name.length() - 1) : name;
            v.port(portAt).ifPresent(p -> b.userspaceProxyPort(key, p));
        });
        f.finish(Severity.ERROR);
    }

    /** A duration as Go writes it ({@code 900s}) or a plain number of seconds. */
    static int seconds(Located at, Values v, int dflt) {
        if (at.node().isIntegralNumber()) {
            OptionalInt s = v.integer(at);
            if (s.isPresent() && s.getAsInt() >= 0) {
                return s.getAsInt();
            }
        }
        if (at.node().isTextual()) {
            OptionalLong s = GoDuration.parseSeconds(at.text());
            if (s.isPresent() && s.getAsLong() >= 0 && s.getAsLong() <= Integer.MAX_VALUE) {
                return (int) s.getAsLong();
            }
        }
        if (!at.isAbsent()) {
            v.diagnostics().error(at.location(), "bad-value",
                    at.path() + ": '" + at.node().asText() + "' is not a duration (for example 900s, 15m0s, 1h or seconds as a number)");
        }
        return dflt;
    }
}
