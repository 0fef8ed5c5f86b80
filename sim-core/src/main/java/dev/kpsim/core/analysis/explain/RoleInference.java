package dev.kpsim.core.analysis.explain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the role of a kube-proxy rule that carries no {@link dev.kpsim.core.netfilter.restore.Provenance} (a
 * rule read from a real node's {@code iptables-save} or {@code nft list ruleset}) from what kube-proxy writes into it:
 * its comment ({@code "default/web:http has no local endpoints"}), the name of its chain ({@code KUBE-SEP-…},
 * {@code endpoint-…}) and its target. The keys are those of {@link dev.kpsim.core.netfilter.restore.RuleRoles}.
 *
 * <p>The patterns follow the rule texts of kube-proxy's {@code pkg/proxy/iptables/proxier.go},
 * {@code pkg/proxy/ipvs/proxier.go}, {@code pkg/proxy/nftables/proxier.go} and the historical userspace
 * {@code proxier.go}, across versions (the older {@code KUBE-XLB-} and {@code KUBE-MARK-DROP} forms included). A rule
 * that matches none of them has no inferred role: kpsim does not guess.
 */
public final class RoleInference {
    private RoleInference() {
    }

    private static final Pattern COMMENT = Pattern.compile("--comment (?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+))");
    private static final Pattern NFT_COMMENT = Pattern.compile("comment \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern TARGET = Pattern.compile("(?:^| )-([jg]) (\\S+)");

    /**
     * The role of one rule.
     *
     * @param table    {@code nat}, {@code filter}, … for iptables; {@code ip kube-proxy} (family and name) for nftables
     * @param chain    the chain holding the rule
     * @param ruleText the rule as the tool prints it: {@code -A CHAIN …} for iptables (which tells the two apart), or
     *                 an nft rule line
     * @return the role key, or empty if the rule is not recognisably one of kube-proxy's
     */
    public static Optional<String> infer(String table, String chain, String ruleText) {
        if (ruleText == null || chain == null) {
            return Optional.empty();
        }
        boolean nft = !ruleText.startsWith("-A ");
        return Optional.ofNullable(nft ? nft(chain, ruleText) : iptables(table, chain, ruleText));
    }

    /** The first {@code --comment} of an iptables rule text (quotes removed), or null. */
    public static String comment(String ruleText) {
        Matcher m = COMMENT.matcher(ruleText);
        if (!m.find()) {
            Matcher n = NFT_COMMENT.matcher(ruleText);
            return n.find() ? n.group(1) : null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static String target(String text) {
        Matcher m = TARGET.matcher(text);
        String t = null;
        while (m.find()) {
            t = m.group(2);
        }
        return t;
    }

    private static String iptables(String table, String chain, String text) {
        String c = comment(text);
        String lc = c == null ? "" : c.toLowerCase(Locale.ROOT);
        String target = target(text);
        String t = target == null ? "" : target;
        if (isBuiltin(chain)) {
            return t.startsWith("KUBE-") ? "jump" : null;
        }
        if (chain.startsWith("KUBE-SEP-")) {
            if (t.equals("KUBE-MARK-MASQ") && text.contains(" -s ")) {
                return "hairpin-masquerade";
            }
            if (t.equals("DNAT")) {
                return "endpoint-dnat";
            }
            return null;
        }
        if (chain.startsWith("KUBE-SVC-") || chain.startsWith("KUBE-SVL-") || chain.startsWith("KUBE-XLB-")) {
            if (text.contains("--rcheck")) {
                return "affinity-check";
            }
            if (t.equals("KUBE-MARK-MASQ")) {
                return lc.contains("masquerade local") ? "external-local-masquerade" : "masquerade-off-cluster";
            }
            if (t.equals("KUBE-MARK-DROP") || lc.contains("has no local endpoints")) {
                return "no-local-endpoints-drop";
            }
            if (lc.contains("redirect pods trying to reach external loadbalancer")) {
                return "external-local-short-circuit";
            }
            if (lc.contains("route local traffic")) {
                return "external-local-route";
            }
            if (t.startsWith("KUBE-SEP-")) {
                return "load-balance";
            }
            if (t.startsWith("KUBE-SVC-")) {
                return "external-local-short-circuit";
            }
            return null;
        }
        if (chain.startsWith("KUBE-EXT-")) {
            if (lc.startsWith("pod traffic for")) {
                return "external-local-short-circuit";
            }
            if (lc.startsWith("masquerade local traffic")) {
                return "external-local-masquerade";
            }
            if (lc.startsWith("route local traffic")) {
                return "external-local-route";
            }
            if (t.equals("KUBE-MARK-MASQ")) {
                return "masquerade-external";
            }
            if (t.startsWith("KUBE-SVC-") || t.startsWith("KUBE-SVL-")) {
                return "external-policy";
            }
            return null;
        }
        if (chain.startsWith("KUBE-FW-")) {
            if (lc.startsWith("other traffic to") || t.isEmpty()) {
                return "firewall-fallthrough";
            }
            if (t.equals("KUBE-MARK-DROP") || t.equals("DROP")) {
                return "firewall-drop";
            }
            if (t.equals("KUBE-MARK-MASQ")) {
                return "masquerade-external";
            }
            return "firewall-allow";
        }
        switch (chain) {
            case "KUBE-MARK-MASQ":
                return "mark-masq";
            case "KUBE-MARK-DROP":
                return "mark-drop";
            case "KUBE-POSTROUTING":
                if (text.contains("KUBE-LOOP-BACK")) {
                    return "loop-back-masquerade";
                }
                if (t.equals("RETURN")) {
                    return "postrouting-return";
                }
                if (t.equals("MARK")) {
                    return "postrouting-unmark";
                }
                return t.equals("MASQUERADE") ? "postrouting-masquerade" : null;
            case "KUBE-FORWARD":
                if (text.contains("INVALID")) {
                    return "forward-invalid-drop";
                }
                if (text.contains("RELATED,ESTABLISHED") || text.contains("ESTABLISHED,RELATED")) {
                    return "forward-accept-established";
                }
                return text.contains("--mark") ? "forward-accept-marked" : null;
            case "KUBE-FIREWALL":
                if (lc.contains("block incoming localnet")) {
                    return "localnet-block";
                }
                return t.equals("DROP") ? "marked-drop" : null;
            case "KUBE-PROXY-FIREWALL":
            case "KUBE-SOURCE-RANGES-FIREWALL":
            case "KUBE-IPVS-OUT-FILTER":
                return t.equals("DROP") ? "firewall-drop" : t.equals("RETURN") ? "firewall-allow" : null;
            case "KUBE-IPVS-FILTER":
                return "ipvs-filter";
            case "KUBE-PORTALS-CONTAINER":
                return "portal-redirect";
            case "KUBE-PORTALS-HOST":
                return "portal-host-dnat";
            case "KUBE-NODEPORT-CONTAINER":
                return "node-port-redirect";
            case "KUBE-NODEPORT-HOST":
                return "node-port-host-dnat";
            case "KUBE-NODEPORT-NON-LOCAL":
                return "node-port-non-local-accept";
            default:
                break;
        }
        if (lc.contains("has no local endpoints")) {
            return "no-local-endpoints-drop";
        }
        if (lc.contains("has no endpoints")) {
            return "no-endpoints-reject";
        }
        if (lc.endsWith("health check node port")) {
            return "health-check";
        }
        if (chain.equals("KUBE-SERVICES") || chain.equals("KUBE-NODEPORTS") || chain.equals("KUBE-NODE-PORT")
                || chain.equals("KUBE-LOAD-BALANCER") || chain.equals("KUBE-EXTERNAL-SERVICES")) {
            return dispatch(chain, text, lc, t);
        }
        return null;
    }

    private static String dispatch(String chain, String text, String lc, String t) {
        if (lc.startsWith("kubernetes service nodeports") || (t.startsWith("KUBE-NODE") && text.contains("--dst-type LOCAL"))) {
            return "nodeports-tail";
        }
        if (text.contains(" -s 127.0.0.0/8") && t.equals("RETURN")) {
            return "localhost-return";
        }
        if (t.equals("KUBE-MARK-MASQ")) {
            if (lc.endsWith("cluster ip") || text.contains("KUBE-CLUSTER-IP")) {
                return "masquerade-off-cluster";
            }
            return "masquerade-external";
        }
        if (text.contains("--match-set")) {
            if (t.equals("ACCEPT")) {
                return lc.contains("external") ? "external-ip" : "ipvs-accept";
            }
            return t.equals("RETURN") ? "accept-local" : "ipset-match";
        }
        if (lc.endsWith("cluster ip")) {
            return "cluster-ip";
        }
        if (lc.endsWith("external ip")) {
            return "external-ip";
        }
        if (lc.endsWith("loadbalancer ip")) {
            return "load-balancer-ip";
        }
        if (chain.equals("KUBE-NODEPORTS") && (t.startsWith("KUBE-EXT-") || t.startsWith("KUBE-SVC-")
                || t.startsWith("KUBE-XLB-") || t.startsWith("KUBE-FW-"))) {
            return "node-port";
        }
        if (t.startsWith("KUBE-FW-")) {
            return "load-balancer-ip";
        }
        return null;
    }

    private static boolean isBuiltin(String chain) {
        return switch (chain) {
            case "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING" -> true;
            default -> false;
        };
    }

    private static String nft(String chain, String text) {
        String lc = text.toLowerCase(Locale.ROOT);
        if (chain.startsWith("nat-") || chain.startsWith("filter-")) {
            return lc.contains("jump ") ? "jump" : null;
        }
        if (chain.startsWith("endpoint-")) {
            if (lc.contains("saddr") && (lc.contains("mark-for-masquerade") || lc.contains("mark set"))) {
                return "hairpin-masquerade";
            }
            if (lc.contains("update @") || lc.contains("add @")) {
                return "affinity-record";
            }
            return lc.contains("dnat ") ? "endpoint-dnat" : null;
        }
        if (chain.startsWith("service-") || chain.startsWith("local-")) {
            if (lc.contains("mark-for-masquerade") || lc.contains("mark set")) {
                return "masquerade-off-cluster";
            }
            if (lc.contains("@affinity")) {
                return "affinity-check";
            }
            if (lc.contains("numgen") && lc.contains("dnat")) {
                return "load-balance-dnat";
            }
            return lc.contains("numgen") ? "load-balance" : null;
        }
        if (chain.startsWith("external-")) {
            if (lc.contains("short-circuit pod traffic")) {
                return "external-local-short-circuit";
            }
            if (lc.contains("masquerade local traffic")) {
                return "external-local-masquerade";
            }
            if (lc.contains("short-circuit local traffic")) {
                return "external-local-route";
            }
            if (lc.contains("mark-for-masquerade") || lc.contains("mark set")) {
                return "masquerade-external";
            }
            return lc.startsWith("goto ") ? "external-policy" : null;
        }
        if (chain.startsWith("firewall-") && !chain.equals("firewall-check")) {
            return lc.contains("drop") ? "firewall-drop" : null;
        }
        return switch (chain) {
            case "services" -> lc.contains("@service-nodeports") ? "nodeport-dispatch"
                    : lc.contains("@service-ips") ? "service-dispatch" : null;
            case "service-endpoints-check", "nodeport-endpoints-check" -> "no-endpoints-check";
            case "firewall-check" -> "firewall-check";
            case "cluster-ips-check" -> lc.contains("unallocated") || lc.contains("drop")
                    ? "cluster-ip-unallocated-drop" : "cluster-ip-invalid-port-reject";
            case "masquerading" -> lc.contains("return") ? "postrouting-return"
                    : lc.contains("@hairpin-connections") ? "hairpin-set-masquerade"
                    : lc.contains("masquerade") ? "postrouting-masquerade"
                    : lc.contains("mark set") ? "postrouting-unmark" : null;
            case "mark-for-masquerade" -> "mark-masq";
            case "reject-chain" -> "no-endpoints-reject";
            default -> null;
        };
    }
}
