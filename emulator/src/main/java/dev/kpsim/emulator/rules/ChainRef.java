package dev.kpsim.emulator.rules;

/**
 * A chain in a table ({@code nat KUBE-PROXY-CANARY}), e.g. one kube-proxy creates with {@code EnsureChain}
 * outside its restore payload.
 */
public record ChainRef(String table, String chain) {
}
