package dev.kpsim.scenarios.config;

import dev.kpsim.core.config.ConntrackSettings;
import dev.kpsim.core.config.DetectLocalMode;
import dev.kpsim.core.config.IpvsSettings;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.config.ProxyConfigBuilder;
import dev.kpsim.core.diag.Severity;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.config.KubeProxyConfigurationSchema.Field;
import dev.kpsim.scenarios.config.KubeProxyConfigurationSchema.Group;
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
 * Reads a {@code kubeproxy.config.k8s.io/v1alpha1} KubeProxyConfiguration (the file given to
 * {@code kube-proxy --config}) into a {@link ProxyConfig}, starting from kube-proxy's defaults and applying its
 * defaulting of empty values ({@code mode: ""} is iptables, {@code detectLocalMode: ""} is ClusterCIDR, an unset
 * {@code masqueradeBit} is 14, {@code conntrack.tcpEstablishedTimeout: null} keeps 24h).
 *
 * <p>Like kube-proxy, which falls back to lenient decoding when strict decoding fails
 * ({@code cmd/kube-proxy/app/server.go}), unknown fields are warnings, not errors; a field within edit distance 2
 * of a known one is reported as a likely typo: {@code unknown field 'masqueradBit' (did you mean 'masqueradeBit'?)}.
 * The masquerade bit and masquerade-all come from the {@code nftables} section in nftables mode and from
 * {@code iptables} otherwise, as kube-proxy's setup does.
 */
public final class KubeProxyConfigurationReader {
    static final List<String> MODES = List.of("iptables", "ipvs", "nftables", "userspace");
    static final List<String> NODE_PORT_KEYWORDS = List.of("primary", "localhost", "all");

    private KubeProxyConfigurationReader() {
    }

    /** Reads the configuration at {@code obj} and hands it to {@code out}. */
    public static void read(Located obj, Values v, InputCollector out) {
        checkFields(obj, KubeProxyConfigurationSchema.ROOT, v);
        out.setConfig(toConfig(obj, v), obj.location());
    }

    /** Warns about every field the schema does not know, recursively. */
    private static void checkFields(Located at, Group schema, Values v) {
        if (!at.node().isObject()) {
            if (!at.isAbsent()) {
                v.typeError(at, "a mapping");
            }
            return;
        }
        at.fields().forEach((name, child) -> {
            Field f = schema.fields().get(name);
            if (f == null) {
                Fields.report(v, child, name, schema.names(), Severity.WARNING);
            } else if (f instanceof Group g) {
                checkFields(child, g, v);
            }
        });
    }

    static ProxyConfig toConfig(Located obj, Values v) {
        ProxyConfigBuilder b = ProxyConfig.defaults().toBuilder();
        String mode = v.string(obj.get("mode")).filter(s -> !s.isEmpty())
                .flatMap(s -> v.oneOf(s, obj.get("mode"), "proxy mode", MODES)).orElse("iptables");
        b.mode(mode);
        v.string(obj.get("hostnameOverride")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .ifPresent(b::hostnameOverride);
        b.clusterCidrs(v.cidrs(obj.get("clusterCIDR")));
        v.string(obj.get("detectLocalMode")).filter(s -> !s.isEmpty())
                .flatMap(s -> v.enumValue(obj.get("detectLocalMode"), "detectLocalMode", DetectLocalMode.class))
                .ifPresent(b::detectLocalMode);
        v.string(obj.get("detectLocal").get("bridgeInterface")).ifPresent(b::bridgeInterface);
        v.string(obj.get("detectLocal").get("interfaceNamePrefix")).ifPresent(b::interfaceNamePrefix);

        Located masq = obj.get(mode.equals("nftables") ? "nftables" : "iptables");
        masqueradeBit(masq.get("masqueradeBit"), v).ifPresent(b::masqueradeBit);
        v.bool(masq.get("masqueradeAll")).ifPresent(b::masqueradeAll);
        v.bool(obj.get("iptables").get("localhostNodePorts")).ifPresent(b::localhostNodePorts);

        Located ipvs = obj.get("ipvs");
        List<String> exclude = new ArrayList<>();
        for (Located e : v.stringList(ipvs.get("excludeCIDRs"))) {
            v.cidr(e.text(), e).ifPresent(c -> exclude.add(e.text().trim()));
        }
        b.ipvs(new IpvsSettings(v.string(ipvs.get("scheduler")).orElse(""), v.bool(ipvs.get("strictARP")).orElse(false), exclude,
                seconds(ipvs.get("tcpTimeout"), v, 0), seconds(ipvs.get("tcpFinTimeout"), v, 0), seconds(ipvs.get("udpTimeout"), v, 0)));

        b.nodePortAddresses(nodePortAddresses(obj.get("nodePortAddresses"), v));

        Located ct = obj.get("conntrack");
        ConntrackSettings d = ConntrackSettings.defaults();
        b.conntrack(new ConntrackSettings(v.bool(ct.get("tcpBeLiberal")).orElse(false),
                seconds(ct.get("tcpEstablishedTimeout"), v, d.tcpEstablishedTimeoutSeconds()),
                seconds(ct.get("tcpCloseWaitTimeout"), v, d.tcpCloseWaitTimeoutSeconds()),
                seconds(ct.get("udpTimeout"), v, d.udpTimeoutSeconds()),
                seconds(ct.get("udpStreamTimeout"), v, d.udpStreamTimeoutSeconds())));
        v.string(obj.get("portRange")).ifPresent(b::proxyPortRange);
        return b.build();
    }

    /** {@code masqueradeBit}: an integer within 0-31 ({@code bad-value} otherwise). */
    public static OptionalInt masqueradeBit(Located at, Values v) {
        OptionalInt bit = v.integer(at);
        if (bit.isPresent() && (bit.getAsInt() < 0 || bit.getAsInt() > 31)) {
            v.diagnostics().error(at.location(), "bad-value", at.path() + ": masqueradeBit " + bit.getAsInt() + " is out of range (0-31)");
            return OptionalInt.empty();
        }
        return bit;
    }

    /** {@code nodePortAddresses}: CIDRs or the keywords primary, localhost, all; kept as written (trimmed). */
    public static List<String> nodePortAddresses(Located at, Values v) {
        List<String> out = new ArrayList<>();
        for (Located e : v.stringList(at)) {
            String t = e.text().trim();
            if (NODE_PORT_KEYWORDS.contains(t)) {
                out.add(t);
            } else {
                v.cidr(t, e).ifPresent(c -> out.add(t));
            }
        }
        return out;
    }

    /** A Go duration string in whole seconds; {@code dflt} if absent; {@code bad-value} if malformed. */
    public static int seconds(Located at, Values v, int dflt) {
        if (at.isAbsent()) {
            return dflt;
        }
        Optional<String> text = v.string(at);
        if (text.isEmpty()) {
            return dflt;
        }
        OptionalLong s = GoDuration.parseSeconds(text.get());
        if (s.isEmpty() || s.getAsLong() < 0 || s.getAsLong() > Integer.MAX_VALUE) {
            v.diagnostics().error(at.location(), "bad-value",
                    at.path() + ": '" + text.get() + "' is not a duration (for example 900s, 15m0s, 1h)");
            return dflt;
        }
        return (int) s.getAsLong();
    }
}
