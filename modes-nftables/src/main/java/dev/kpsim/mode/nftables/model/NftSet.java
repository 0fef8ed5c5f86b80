package dev.kpsim.mode.nftables.model;

import dev.kpsim.core.diag.SourceLocation;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A named set or map of a table ({@code nft(8)} "SETS", "MAPS").
 *
 * @param map      true for {@code map}
 * @param keyType  the key type as written after {@code type} ({@code ipv4_addr . inet_proto . inet_service}), or the
 *                 expression after {@code typeof}
 * @param typeof   true when declared with {@code typeof}
 * @param dataType the map's data type ({@code verdict}, {@code ipv4_addr . inet_service}); null for sets
 * @param flags    {@code dynamic}, {@code timeout}, {@code interval}, {@code constant}, as written
 * @param timeout  default element timeout, or null
 * @param size     maximum size, or null when not set
 * @param elements the elements in the order added
 */
public record NftSet(String name, boolean map, String keyType, boolean typeof, String dataType, List<String> flags,
                     Duration timeout, Integer size, String policy, Duration gcInterval, String comment,
                     List<NftElement> elements, SourceLocation location) {

    public NftSet {
        flags = List.copyOf(flags);
        elements = List.copyOf(elements);
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    /** The key's field types, split at {@code " . "} ({@code typeof} keys give their expressions). */
    public List<String> keyTypes() {
        return Arrays.stream(keyType.split(" \\. ")).map(String::trim).toList();
    }

    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    public NftSet withElements(List<NftElement> els) {
        return new NftSet(name, map, keyType, typeof, dataType, flags, timeout, size, policy, gcInterval, comment, els,
                location);
    }
}
