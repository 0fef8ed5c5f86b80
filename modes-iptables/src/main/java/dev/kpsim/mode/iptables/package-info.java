/**
 * kube-proxy's iptables mode ({@code pkg/proxy/iptables/proxier.go}): generation of the restore payloads a node's
 * kube-proxy writes, per kube-proxy version flavour ({@link dev.kpsim.mode.iptables.IptablesFlavour}).
 *
 * <p>Entry points: {@link dev.kpsim.mode.iptables.IptablesMode} (the {@code ProxyMode} SPI, found by
 * {@code ServiceLoader}) and {@link dev.kpsim.mode.iptables.IptablesGenerator}; the result is an
 * {@link dev.kpsim.mode.iptables.IptablesDataPlane}. Rule writers: {@code ExtSvlPayloadWriter} /
 * {@code ExtSvlServicePortWriter} / {@code EndpointRules} for the KUBE-EXT/KUBE-SVL layout (v1.24+),
 * {@code InlineMarkPayloadWriter} for the v1.2 layout, {@code BuiltinRules} for the jumps from built-in chains.
 */
package dev.kpsim.mode.iptables;
