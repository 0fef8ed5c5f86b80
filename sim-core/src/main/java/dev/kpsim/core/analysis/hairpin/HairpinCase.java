package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.net.IpAddress;
import java.util.List;

/**
 * One pod connecting to its own service: where its connections go (exact shares from the simulator's
 * {@code outcomes}), how the self-directed ones are translated, the rules involved, and the verdict under each kubelet
 * hairpin mode and bridge-netfilter setting.
 *
 * @param selfShare       the share DNATed back to the pod itself
 * @param selfMasquerade  whether those are masqueraded (null when the pod never reaches itself)
 * @param selfSource      the source the pod sees on them (the masquerade address), or null
 * @param path            how the self-directed packet comes back (null when the pod never reaches itself)
 * @param otherLocalShare the share sent to other pods of the same node
 * @param otherRemoteShare the share sent to endpoints elsewhere
 * @param lostShare       the share dropped or rejected by the rules (not a hairpin matter)
 * @param rules           the rules that decide the hairpin path, in path order
 * @param basis           how the shares were obtained (see {@link dev.kpsim.core.analysis.reach.Spread})
 */
public record HairpinCase(HairpinSubject subject, double selfShare, Boolean selfMasquerade, IpAddress selfSource,
                          SelfPath path, double otherLocalShare, double otherRemoteShare, double lostShare,
                          List<CitedRule> rules, List<HairpinVerdict> verdicts,
                          dev.kpsim.core.analysis.distribution.ExactBasis basis) {
    public HairpinCase {
        rules = List.copyOf(rules);
        verdicts = List.copyOf(verdicts);
    }
}
