package dev.kpsim.mode.nftables.model;

/**
 * What makes a chain a base chain: its type, hook and priority, and the policy applied when evaluation falls off
 * its end ({@code accept} unless set). {@code device} is only for netdev/ingress chains and null otherwise.
 */
public record BaseChain(ChainType type, NftHook hook, Priority priority, String device, String policy) {

    public BaseChain {
        policy = policy == null ? "accept" : policy;
    }

    public static BaseChain of(ChainType type, NftHook hook, int priority) {
        return new BaseChain(type, hook, new Priority(priority), null, "accept");
    }
}
