package dev.kpsim.core.analysis.cost;

/**
 * kube-proxy's own rule-count formula for ClusterIP services in iptables mode, the one its
 * {@code TestNumberIptablesRules} ({@code pkg/proxy/iptables/number_generated_rules_test.go}) checks: each service with
 * E endpoints writes 2 + 3E nat rules (the KUBE-SERVICES rule, the KUBE-SVC masquerade rule, one KUBE-SVC rule and
 * two KUBE-SEP rules per endpoint) on top of 5 fixed ones (three KUBE-POSTROUTING rules, KUBE-MARK-MASQ, the
 * KUBE-NODEPORTS tail rule); the filter table has its 3 KUBE-FORWARD rules plus one REJECT per service without
 * endpoints. Holds for the current layout (v1.24+) with a cluster CIDR set and no KUBE-FIREWALL localnet rule
 * (localhost NodePorts off, as with {@code nodePortAddresses: [primary]}).
 */
public final class KubeProxyRuleFormula {
    private KubeProxyRuleFormula() {
    }

    /** {@code 5 + S·(2 + 3E)} nat rules ({@code 5} when E is 0: services without endpoints write no nat rules). */
    public static long natRules(long services, long endpointsPerService) {
        return endpointsPerService == 0 ? 5 : 5 + services * (2 + 3 * endpointsPerService);
    }

    /** {@code 3} filter rules, plus one REJECT per service when services have no endpoints. */
    public static long filterRules(long services, long endpointsPerService) {
        return endpointsPerService == 0 ? 3 + services : 3;
    }
}
