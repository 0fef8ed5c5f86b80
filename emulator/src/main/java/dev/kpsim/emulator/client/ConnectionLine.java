package dev.kpsim.emulator.client;

import dev.kpsim.emulator.responder.ReplyLine;
import java.util.Optional;

/**
 * One line of {@link Client} output: the attempt's index and explicit source port, its outcome, how long it took,
 * the responder's reply if one came, and a detail text (the socket error). Tab separated:
 * {@code conn INDEX SOURCE-PORT OUTCOME MILLIS REPLY DETAIL} with an empty REPLY when there was none. JDK only.
 */
public record ConnectionLine(int index, int sourcePort, ConnectionOutcome outcome, long millis, ReplyLine reply, String detail) {

    public ConnectionLine {
        detail = detail == null ? "" : detail.replace('\t', ' ').replace('\n', ' ');
    }

    public String format() {
        return "conn\t" + index + "\t" + sourcePort + "\t" + outcome + "\t" + millis + "\t"
                + (reply == null ? "" : reply.format()) + "\t" + detail;
    }

    /** Parses {@link #format()} output; empty for any other line. */
    public static Optional<ConnectionLine> parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 7 || !f[0].equals("conn")) {
            return Optional.empty();
        }
        try {
            ConnectionOutcome o = ConnectionOutcome.valueOf(f[3]);
            ReplyLine reply = f[5].isEmpty() ? null : ReplyLine.parse(f[5]).orElse(null);
            if (!f[5].isEmpty() && reply == null) {
                return Optional.empty();
            }
            return Optional.of(new ConnectionLine(Integer.parseInt(f[1]), Integer.parseInt(f[2]), o, Long.parseLong(f[4]), reply, f[6]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
