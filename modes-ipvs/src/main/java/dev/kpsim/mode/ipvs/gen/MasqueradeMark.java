package dev.kpsim.mode.ipvs.gen;

/**
 * The masquerade mark text kube-proxy writes: {@code fmt.Sprintf("%#08x", 1<<bit)}. Go's zero padding does not
 * count the {@code 0x} prefix, so bit 14 prints {@code 0x00004000} (Java's and C's {@code %#08x} give
 * {@code 0x004000}). Up to v1.18 the IPVS proxier used {@code "%#08x/%#08x"}.
 */
final class MasqueradeMark {
    private MasqueradeMark() {
    }

    /** Go's {@code %#08x} of a non-negative value. */
    static String goHex(int value) {
        String digits = Integer.toHexString(value);
        return "0x" + "0".repeat(Math.max(0, 8 - digits.length())) + digits;
    }

    /** {@code M} as written in rules: {@code 0x00004000}. */
    static String mark(int value) {
        return goHex(value);
    }

    /** {@code M/M}: {@code 0x00004000/0x00004000}. */
    static String markMask(int value) {
        return goHex(value) + "/" + goHex(value);
    }
}
