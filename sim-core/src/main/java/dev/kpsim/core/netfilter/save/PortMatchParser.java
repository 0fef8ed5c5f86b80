package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -m tcp|udp|sctp}: {@code [!] --sport}, {@code [!] --dport} (libxt_tcp.c, libxt_udp.c, libxt_sctp.c). The
 * other options of these modules ({@code --tcp-flags}, {@code --syn}, {@code --tcp-option}, {@code --chunk-types}) are
 * kept verbatim in {@link PortMatch#unmodeled()}. The kernel accepts the match only with the same {@code -p}.
 */
final class PortMatchParser extends MatchExtension {
    private PortRange source;
    private PortRange destination;
    private final List<String> unmodeled = new ArrayList<>();

    PortMatchParser(String module, Token nameToken) {
        super(module, nameToken);
    }

    @Override
    int arity(String option) {
        switch (option) {
            case "--sport", "--source-port", "--dport", "--destination-port":
                return 1;
            default:
                break;
        }
        if (name.equals("tcp")) {
            switch (option) {
                case "--tcp-flags":
                    return 2;
                case "--syn":
                    return 0;
                case "--tcp-option":
                    return 1;
                default:
                    return UNKNOWN;
            }
        }
        if (name.equals("sctp") && option.equals("--chunk-types")) {
            return 2;
        }
        return UNKNOWN;
    }

    @Override
    boolean invertible(String option) {
        return true;
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        switch (o.name()) {
            case "--sport", "--source-port" -> {
                once(source != null, o, scope);
                source = Ports.range(o.arg(0), o.negated(), scope);
            }
            case "--dport", "--destination-port" -> {
                once(destination != null, o, scope);
                destination = Ports.range(o.arg(0), o.negated(), scope);
            }
            default -> unmodeled.addAll(o.verbatim());
        }
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        int expected = name.equals("tcp") ? Protocols.TCP : name.equals("udp") ? Protocols.UDP : Protocols.SCTP;
        if (facts.protocol() != expected || facts.protocolNegated()) {
            throw scope.error(nameToken, "missing-protocol", "the " + name + " match needs '-p " + name
                    + "' in the same rule (the kernel refuses it otherwise)");
        }
        return new PortMatch(name, source, destination, unmodeled);
    }
}
