package dev.kpsim.core.net;

/** An IP address family, as in a Service's {@code spec.ipFamilies} ({@code IPv4} / {@code IPv6}). */
public enum IpFamily {
    IPV4("IPv4", 32),
    IPV6("IPv6", 128);

    private final String kubernetesName;
    private final int bits;

    IpFamily(String kubernetesName, int bits) {
        this.kubernetesName = kubernetesName;
        this.bits = bits;
    }

    /** The spelling Kubernetes uses in {@code ipFamilies}: {@code IPv4} or {@code IPv6}. */
    public String kubernetesName() {
        return kubernetesName;
    }

    /** Address length in bits: 32 or 128. */
    public int bits() {
        return bits;
    }

    /** Parses {@code IPv4}/{@code IPv6} (case-insensitive); empty if neither. */
    public static java.util.Optional<IpFamily> fromKubernetesName(String s) {
        for (IpFamily f : values()) {
            if (f.kubernetesName.equalsIgnoreCase(s)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}
