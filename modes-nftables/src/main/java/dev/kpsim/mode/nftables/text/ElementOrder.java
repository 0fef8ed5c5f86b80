package dev.kpsim.mode.nftables.text;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.mode.nftables.ast.FieldType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The order in which {@code nft list} prints set and map elements: nft sorts the elements of non-interval sets with
 * {@code list_expr_sort} (nftables {@code src/mergesort.c}). A single value sorts by its numeric value; a
 * concatenation is laid out field after field in each field's byte order and the bytes read as one host-endian
 * (little-endian on x86-64 and arm64) number, so the last field weighs most: {@code 10.0.0.9 . udp . 53} sorts before
 * {@code 10.0.0.1 . tcp . 443}. Interval elements sort by their low end.
 */
public final class ElementOrder {

    private ElementOrder() {
    }

    /** A comparator of element keys (lists of component texts) of the given key types. */
    public static Comparator<List<String>> comparator(List<FieldType> types) {
        return (a, b) -> {
            Optional<BigInteger> ka = key(a, types);
            Optional<BigInteger> kb = key(b, types);
            if (ka.isPresent() && kb.isPresent()) {
                return ka.get().compareTo(kb.get());
            }
            return 0;
        };
    }

    /**
     * Sorts {@code items} (stably) in the order {@link #comparator} gives their keys, computing each item's sort value
     * once instead of at every comparison.
     */
    public static <T> void sortByKey(List<T> items, Function<T, List<String>> keyOf, List<FieldType> types) {
        List<Keyed<T>> keyed = new ArrayList<>(items.size());
        for (T item : items) {
            keyed.add(new Keyed<>(item, key(keyOf.apply(item), types).orElse(null)));
        }
        keyed.sort(Keyed::compare);
        for (int i = 0; i < keyed.size(); i++) {
            items.set(i, keyed.get(i).item());
        }
    }

    /** An item with its sort value (null if unreadable), compared as {@link #comparator} compares keys. */
    private record Keyed<T>(T item, BigInteger key) {
        static int compare(Keyed<?> a, Keyed<?> b) {
            return a.key != null && b.key != null ? a.key.compareTo(b.key) : 0;
        }
    }

    /** The sort value of one element; empty if a component cannot be read as its type. */
    public static Optional<BigInteger> key(List<String> components, List<FieldType> types) {
        if (components.size() != types.size()) {
            return Optional.empty();
        }
        if (components.size() == 1) {
            return single(components.get(0), types.get(0));
        }
        int len = types.stream().mapToInt(FieldType::bytes).sum();
        byte[] data = new byte[len];
        int off = 0;
        for (int i = 0; i < components.size(); i++) {
            FieldType t = types.get(i);
            Optional<BigInteger> v = single(components.get(i), t);
            if (v.isEmpty() || t.bytes() == 0) {
                return Optional.empty();
            }
            byte[] bytes = toBytes(v.get(), t.bytes());
            if (t.hostEndian()) {
                reverse(bytes);
            }
            System.arraycopy(bytes, 0, data, off, bytes.length);
            off += bytes.length;
        }
        reverse(data);
        return Optional.of(new BigInteger(1, data));
    }

    private static Optional<BigInteger> single(String text, FieldType t) {
        String s = Values.unquote(text);
        switch (t) {
            case IPV4_ADDR, IPV6_ADDR -> {
                int dash = s.indexOf('-');
                String low = dash > 0 && t == FieldType.IPV4_ADDR ? s.substring(0, dash) : s;
                Optional<Cidr> c = Cidr.tryParse(low);
                return c.map(x -> address(x.address()));
            }
            case INET_PROTO -> {
                return FieldType.protocolNumber(s).map(BigInteger::valueOf);
            }
            case INET_SERVICE, MARK, INTEGER -> {
                int dash = s.indexOf('-');
                return Values.parseNumber(dash > 0 ? s.substring(0, dash) : s).map(BigInteger::valueOf);
            }
            case IFNAME -> {
                byte[] b = new byte[16];
                byte[] src = s.getBytes(StandardCharsets.UTF_8);
                System.arraycopy(src, 0, b, 0, Math.min(16, src.length));
                return Optional.of(new BigInteger(1, b));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static BigInteger address(IpAddress ip) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (ip.hi() >>> (56 - 8 * i));
            b[8 + i] = (byte) (ip.lo() >>> (56 - 8 * i));
        }
        return new BigInteger(1, b);
    }

    private static byte[] toBytes(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(len, raw.length);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }

    private static void reverse(byte[] b) {
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte x = b[i];
            b[i] = b[j];
            b[j] = x;
        }
    }
}
