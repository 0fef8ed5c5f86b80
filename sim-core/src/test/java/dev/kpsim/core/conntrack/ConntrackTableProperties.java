package dev.kpsim.core.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The open-addressing conntrack table behaves like the obvious map from both tuples to their entry (a
 * {@link LinkedHashMap} in insertion order): same lookups, same replacements of entries holding a tuple again, same
 * expiry, same listing order, under random inserts (from a small pool of addresses so tuples collide and repeat),
 * clock moves and collections.
 */
class ConntrackTableProperties {
    private static final IpAddress[] ADDRESSES = {IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"),
            IpAddress.parse("10.96.0.10"), IpAddress.parse("10.128.3.2"), IpAddress.parse("fd00::1"), IpAddress.parse("fd00::2")};

    @Property(tries = 200)
    void behavesLikeAMapOfBothTuples(@ForAll long seed) {
        Random r = new Random(seed);
        ConntrackTable table = new ConntrackTable();
        Reference ref = new Reference();
        long now = 0;
        for (int step = 0; step < 3000; step++) {
            int op = r.nextInt(100);
            if (op < 55) {
                ConntrackTuple original = tuple(r);
                ConntrackTuple reply = r.nextInt(3) == 0 ? tuple(r) : original.inverse();
                ConntrackEntry e = new ConntrackEntry(original, reply, false, false, false, now, 0,
                        now + 1 + r.nextInt(20_000));
                table.insert(e, now);
                ref.insert(e);
            } else if (op < 85) {
                ConntrackTuple t = tuple(r);
                assertThat(table.find(t, now)).isSameAs(ref.find(t, now));
                assertThat(table.find(t.protocol(), t.source(), t.sourcePort(), t.destination(), t.destinationPort(), now))
                        .isSameAs(ref.find(t, now));
            } else if (op < 95) {
                now += r.nextInt(5_000);
            } else {
                table.expire(now);
                ref.expire(now);
            }
            if (step % 250 == 0) {
                assertThat(table.entries(now)).containsExactlyElementsOf(ref.entries(now));
                assertThat(table.size()).isEqualTo(ref.size());
            }
        }
        assertThat(table.entries(now)).containsExactlyElementsOf(ref.entries(now));
    }

    private static ConntrackTuple tuple(Random r) {
        boolean v6 = r.nextInt(4) == 0;
        int base = v6 ? 4 : 0;
        int span = v6 ? 2 : 4;
        return new ConntrackTuple(r.nextBoolean() ? Protocol.TCP : Protocol.UDP, ADDRESSES[base + r.nextInt(span)],
                1000 + r.nextInt(6), ADDRESSES[base + r.nextInt(span)], 80 + r.nextInt(2));
    }

    /** The straightforward model: both tuples map to the entry, in insertion order. */
    private static final class Reference {
        private final LinkedHashMap<ConntrackTuple, ConntrackEntry> byTuple = new LinkedHashMap<>();

        ConntrackEntry find(ConntrackTuple t, long now) {
            ConntrackEntry e = byTuple.get(t);
            return e == null || e.isExpired(now) ? null : e;
        }

        void insert(ConntrackEntry e) {
            remove(byTuple.get(e.original()));
            remove(byTuple.get(e.reply()));
            byTuple.put(e.original(), e);
            byTuple.put(e.reply(), e);
        }

        void remove(ConntrackEntry e) {
            if (e != null) {
                byTuple.remove(e.original(), e);
                byTuple.remove(e.reply(), e);
            }
        }

        void expire(long now) {
            Iterator<ConntrackEntry> it = byTuple.values().iterator();
            while (it.hasNext()) {
                if (it.next().isExpired(now)) {
                    it.remove();
                }
            }
        }

        List<ConntrackEntry> entries(long now) {
            List<ConntrackEntry> out = new ArrayList<>();
            for (Map.Entry<ConntrackTuple, ConntrackEntry> m : byTuple.entrySet()) {
                if (m.getKey() == m.getValue().original() && !m.getValue().isExpired(now)) {
                    out.add(m.getValue());
                }
            }
            return out;
        }

        int size() {
            int n = 0;
            for (Map.Entry<ConntrackTuple, ConntrackEntry> m : byTuple.entrySet()) {
                if (m.getKey() == m.getValue().original()) {
                    n++;
                }
            }
            return n;
        }
    }
}
