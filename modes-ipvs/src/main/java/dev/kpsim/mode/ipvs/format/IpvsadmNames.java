package dev.kpsim.mode.ipvs.format;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;

/**
 * ipvsadm's numeric names ({@code addrport_to_anyname} with {@code FMT_NUMERIC}: {@code %s%s%s:%u}, brackets for
 * IPv6), protocol names ({@code protocol_name}) and save-format service options ({@code option_from_protocol}).
 */
final class IpvsadmNames {
    private IpvsadmNames() {
    }

    static String addrPort(IpAddress a, int port) {
        return a.isV4() ? a + ":" + port : "[" + a + "]:" + port;
    }

    /** {@code TCP}, {@code UDP}, {@code SCTP}. */
    static String protocolName(Protocol p) {
        return p.name();
    }

    /** {@code -t}, {@code -u}, {@code --sctp-service}. */
    static String saveOption(Protocol p) {
        return switch (p) {
            case TCP -> "-t";
            case UDP -> "-u";
            case SCTP -> "--sctp-service";
            default -> "--xxx-service";
        };
    }

    /** {@code inet_ntoa} of a mask held as 32 host-order bits. */
    static String dottedMask(int mask) {
        return IpAddress.v4(mask).toString();
    }
}
