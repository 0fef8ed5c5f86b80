package dev.kpsim.core.netfilter.match;

/**
 * One condition of a netfilter rule. A sealed algebra of plain data: evaluation, explanation and printing are
 * separate behaviours (an evaluator, an explainer, a printer) that switch over this family, so adding a behaviour
 * touches one place. Anything kpsim does not model is an {@link UnknownMatch}, kept verbatim and evaluated
 * conservatively ("may match").
 */
public sealed interface Match permits AddressMatch, InterfaceMatch, ProtocolMatch, PortMatch, MultiportMatch,
        CommentMatch, RandomMatch, NthMatch, MarkMatch, ConntrackMatch, StateMatch, AddrtypeMatch, RecentMatch,
        SetMatch, PhysdevMatch, NfacctMatch, UnknownMatch {
}
