/**
 * Hairpin: a pod reaching itself through its own Service (reference/hairpin.md, user-pains.md §3).
 * {@link dev.kpsim.core.analysis.hairpin.HairpinModel} lists every pod behind a service;
 * {@link dev.kpsim.core.analysis.hairpin.HairpinAnalysis} runs its connection through the node's simulator (exact
 * shares, the rules that translate and masquerade it) and asks {@link dev.kpsim.core.analysis.hairpin.BridgeKernelFacts}
 * — the one place where the bridge's behaviour and its evidence are written down — what happens under each kubelet
 * {@link dev.kpsim.core.engine.path.HairpinMode} and {@code bridge-nf-call-iptables} setting.
 */
package dev.kpsim.core.analysis.hairpin;
