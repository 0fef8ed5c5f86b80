package dev.kpsim.emulator.host;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code ip netns list}: the names of the named network namespaces, in the order it prints them. */
public final class NetnsList {

    private NetnsList() {
    }

    public static List<String> names() {
        CommandResult r = Command.run(List.of("ip", "netns", "list")).orThrow("listing network namespaces");
        return parse(r.stdout());
    }

    /** Parses lines such as {@code kpsim-1-a-node0 (id: 3)} or a bare {@code name}. */
    public static List<String> parse(String text) {
        List<String> r = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            int sp = t.indexOf(' ');
            r.add(sp < 0 ? t : t.substring(0, sp));
        }
        return r;
    }

    /** The process ids living in a namespace ({@code ip netns pids NS}); empty if it has none or is gone. */
    public static List<Long> pids(String ns) {
        CommandResult r = Command.run(List.of("ip", "netns", "pids", ns));
        List<Long> pids = new ArrayList<>();
        if (!r.ok()) {
            return pids;
        }
        for (String s : r.stdout().split("\\s+")) {
            if (s.matches("[0-9]+")) {
                pids.add(Long.parseLong(s));
            }
        }
        return pids;
    }
}
