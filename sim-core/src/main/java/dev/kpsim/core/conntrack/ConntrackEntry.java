package dev.kpsim.core.conntrack;

/**
 * One tracked connection ({@code struct nf_conn}): its original and reply tuples (the reply tuple already reflects
 * DNAT and SNAT), whether a reply was seen ({@code IPS_SEEN_REPLY}), whether source / destination NAT changed it
 * ({@code IPS_SRC_NAT}, {@code IPS_DST_NAT}), its connection mark and when it expires. Later packets of the
 * connection reuse the translation recorded here instead of traversing the nat table.
 *
 * <p>Entries live in a {@link ConntrackTable} inside one simulation's state and are changed only by a seeded trace
 * on the thread that owns that state.
 */
public final class ConntrackEntry {
    private final ConntrackTuple original;
    private final ConntrackTuple reply;
    private final boolean sourceNat;
    private final boolean destinationNat;
    private final boolean masqueraded;
    private final long createdMillis;
    private boolean seenReply;
    private int mark;
    private long expiresMillis;
    /** In a {@link ConntrackTable} (set by the table on insert, cleared when it removes the entry). */
    boolean stored;

    /**
     * @param masqueraded an SNAT or MASQUERADE target chose the connection's source (even if it kept the address)
     */
    public ConntrackEntry(ConntrackTuple original, ConntrackTuple reply, boolean sourceNat, boolean destinationNat,
                          boolean masqueraded, long createdMillis, int mark, long expiresMillis) {
        this.original = original;
        this.reply = reply;
        this.sourceNat = sourceNat;
        this.destinationNat = destinationNat;
        this.masqueraded = masqueraded;
        this.createdMillis = createdMillis;
        this.mark = mark;
        this.expiresMillis = expiresMillis;
    }

    public ConntrackTuple original() {
        return original;
    }

    public ConntrackTuple reply() {
        return reply;
    }

    /** {@code IPS_SRC_NAT}: the reply tuple's destination differs from the original source. */
    public boolean sourceNat() {
        return sourceNat;
    }

    /** {@code IPS_DST_NAT}: the reply tuple's source differs from the original destination. */
    public boolean destinationNat() {
        return destinationNat;
    }

    /** An SNAT or MASQUERADE target chose the source of this connection. */
    public boolean masqueraded() {
        return masqueraded;
    }

    public boolean seenReply() {
        return seenReply;
    }

    public int mark() {
        return mark;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long expiresMillis() {
        return expiresMillis;
    }

    /** True once the clock reached the expiry time: the kernel treats the entry as gone. */
    public boolean isExpired(long nowMillis) {
        return nowMillis >= expiresMillis;
    }

    void markSeenReply() {
        seenReply = true;
    }

    void setMark(int m) {
        mark = m;
    }

    void setExpiresMillis(long t) {
        expiresMillis = t;
    }

    /** The state {@code conntrack -L} would print: a short one-line description. */
    @Override
    public String toString() {
        return original + " reply " + reply + (seenReply ? "" : " [UNREPLIED]")
                + (mark != 0 ? " mark=" + Integer.toUnsignedString(mark) : "");
    }
}
