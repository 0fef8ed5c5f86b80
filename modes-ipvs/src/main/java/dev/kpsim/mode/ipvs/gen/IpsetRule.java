package dev.kpsim.mode.ipvs.gen;

import dev.kpsim.mode.ipvs.ipset.KubeIpSet;

/**
 * One row of kube-proxy's {@code ipsetWithIptablesChain} table: when the set is non-empty, the rule
 * {@code -A FROM [-p PROTO] -m comment --comment "C" -m set --match-set NAME MATCH -j TO} in the table's payload.
 */
record IpsetRule(KubeIpSet set, String table, String from, String to, String match, String protocol) {
}
