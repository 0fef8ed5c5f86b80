package dev.kpsim.core.netfilter.target;

import java.util.List;

/**
 * Non-terminating targets that only observe: {@code LOG}, {@code NFLOG}, {@code TRACE}, {@code NFQUEUE --queue-bypass}
 * is not one of them. Evaluation continues with the next rule. {@code args} keeps their options verbatim.
 */
public record ContinueTarget(String name, List<String> args) implements Target {
    public ContinueTarget {
        args = List.copyOf(args);
    }
}
