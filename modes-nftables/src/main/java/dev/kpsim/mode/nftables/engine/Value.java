package dev.kpsim.mode.nftables.engine;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.nftables.ast.FieldType;

/**
 * A packet field's value as the engine compares it: an address, a number (ports, protocols, marks, numgen), or a
 * word (interface names, ct states, fib address types). {@link #key()} is the canonical text used for exact
 * set lookups.
 */
record Value(FieldType type, IpAddress ip, long number, String word) {

    static Value ip(FieldType t, IpAddress a) {
        return new Value(t, a, 0, null);
    }

    static Value number(FieldType t, long n) {
        return new Value(t, null, n, null);
    }

    static Value word(FieldType t, String w) {
        return new Value(t, null, 0, w);
    }

    String key() {
        return ip != null ? ip.toString() : word != null ? word : Long.toString(number);
    }

    @Override
    public String toString() {
        return key();
    }
}
