package dev.kpsim.core.kubeproxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * kube-proxy's hashed chain names ({@code servicePortPolicyClusterChain}, {@code servicePortEndpointChainName},
 * ... in {@code pkg/proxy/iptables/proxier.go}): a prefix plus the first 16 characters of the RFC 4648 Base32
 * encoding of the SHA-256 of {@code servicePortName + protocol [+ endpoint]}, concatenated with no separator.
 * Example: {@code default/hostnames:} + {@code tcp} gives {@code KUBE-SVC-NWV5X2332I4OT4T3}.
 *
 * <p>Shared by every mode that writes kube-proxy chain names. Pure and thread-safe.
 */
public final class ChainNames {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    });

    private ChainNames() {
    }

    /**
     * First 16 Base32 characters of SHA-256(text). 16 characters encode exactly the first 10 digest bytes, so
     * only those are encoded.
     */
    public static String hash16(String text) {
        byte[] d = SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[16];
        long bits = 0;
        int nbits = 0;
        int o = 0;
        for (int i = 0; i < 10; i++) {
            bits = (bits << 8) | (d[i] & 0xFF);
            nbits += 8;
            while (nbits >= 5) {
                out[o++] = BASE32[(int) ((bits >>> (nbits - 5)) & 31)];
                nbits -= 5;
            }
        }
        return new String(out);
    }

    /** The hash input of service-level chains: {@code spn + protocol}. */
    private static String serviceHashInput(String spn, String protocolLower) {
        return spn + protocolLower;
    }

    /** {@code KUBE-SVC-…}: the cluster-policy chain of a service port. {@code spn} is the version's string form. */
    public static String svc(String spn, String protocolLower) {
        return "KUBE-SVC-" + hash16(serviceHashInput(spn, protocolLower));
    }

    /** {@code KUBE-SVL-…}: the local-policy chain (same hash as SVC). */
    public static String svl(String spn, String protocolLower) {
        return "KUBE-SVL-" + hash16(serviceHashInput(spn, protocolLower));
    }

    /** {@code KUBE-EXT-…}: the external-destination chain. */
    public static String ext(String spn, String protocolLower) {
        return "KUBE-EXT-" + hash16(serviceHashInput(spn, protocolLower));
    }

    /** {@code KUBE-FW-…}: the loadBalancerSourceRanges chain. */
    public static String fw(String spn, String protocolLower) {
        return "KUBE-FW-" + hash16(serviceHashInput(spn, protocolLower));
    }

    /** {@code KUBE-XLB-…}: the v1.4–v1.23 external-local chain. */
    public static String xlb(String spn, String protocolLower) {
        return "KUBE-XLB-" + hash16(serviceHashInput(spn, protocolLower));
    }

    /** {@code KUBE-SEP-…}: the per-endpoint chain; {@code endpoint} is {@code ip:port} / {@code [ip6]:port}. */
    public static String sep(String spn, String protocolLower, String endpoint) {
        return "KUBE-SEP-" + hash16(serviceHashInput(spn, protocolLower) + endpoint);
    }
}
