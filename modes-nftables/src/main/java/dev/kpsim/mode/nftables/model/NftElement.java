package dev.kpsim.mode.nftables.model;

import java.util.List;

/**
 * One element of a named set or map: its key components (one per concatenated field, as written, e.g.
 * {@code [10.0.1.175, tcp, 80]}), an optional element comment, and for maps either a verdict (verdict maps) or data
 * components. {@code extra} keeps element options such as {@code timeout 3h expires 2h59m} verbatim (null if none).
 */
public record NftElement(List<String> key, String comment, Verdict verdict, List<String> data, String extra) {

    public NftElement {
        key = List.copyOf(key);
        data = data == null ? List.of() : List.copyOf(data);
    }
}
