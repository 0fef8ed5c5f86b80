package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.conntrack.NetfilterState;
import dev.kpsim.core.conntrack.NthCounters;
import dev.kpsim.core.conntrack.RecentTable;
import dev.kpsim.core.conntrack.RecentView;
import java.util.HashMap;
import java.util.Map;

/**
 * The walk's access to a node's remembered state ({@code recent} lists, nth counters): either the real state (a
 * seeded trace changes it) or a copy-on-write layer over it (exploring outcomes leaves it untouched).
 */
final class KernelAccess implements RecentView {
    private final NetfilterState base;
    private final boolean overlay;
    private Map<String, RecentTable> copies;
    private NthCounters nthCopy;

    private KernelAccess(NetfilterState base, boolean overlay) {
        this.base = base;
        this.overlay = overlay;
    }

    static KernelAccess direct(NetfilterState s) {
        return new KernelAccess(s, false);
    }

    static KernelAccess copyOnWrite(NetfilterState s) {
        return new KernelAccess(s, true);
    }

    @Override
    public RecentTable read(String name) {
        if (copies != null) {
            RecentTable t = copies.get(name);
            if (t != null) {
                return t;
            }
        }
        return base.recent().read(name);
    }

    @Override
    public RecentTable write(String name) {
        if (!overlay) {
            return base.recent().write(name);
        }
        if (copies == null) {
            copies = new HashMap<>();
        }
        RecentTable t = copies.get(name);
        if (t == null) {
            RecentTable b = base.recent().read(name);
            t = b == null ? new RecentTable() : b.copy();
            copies.put(name, t);
        }
        return t;
    }

    NthCounters nth() {
        if (!overlay) {
            return base.nth();
        }
        if (nthCopy == null) {
            nthCopy = base.nth().copy();
        }
        return nthCopy;
    }
}
