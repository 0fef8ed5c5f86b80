/**
 * Synthetic clusters at any size, for scale analysis and benchmarks: {@link
 * dev.kpsim.scenarios.synthetic.SyntheticClusterGenerator} turns a {@link dev.kpsim.scenarios.synthetic.SyntheticSpec}
 * (Services × endpoints × nodes, a {@link dev.kpsim.scenarios.synthetic.TypeMix}, Local-policy and affinity shares, a
 * seed) into a {@link dev.kpsim.scenarios.synthetic.SyntheticCluster}: kpsim's {@code Cluster} and kube-proxy's
 * {@code ProxyConfig}, built directly without YAML. Deterministic: same spec, same cluster.
 */
package dev.kpsim.scenarios.synthetic;
