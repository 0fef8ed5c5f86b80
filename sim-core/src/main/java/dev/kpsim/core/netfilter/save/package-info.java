/**
 * Reading and printing iptables rules in the text formats of the iptables tools, into and out of the netfilter model
 * ({@link dev.kpsim.core.netfilter.Ruleset}).
 *
 * <ul>
 *   <li>{@link dev.kpsim.core.netfilter.save.IptablesParser}: {@code iptables-save}/{@code ip6tables-save} dumps from
 *   real nodes and any {@code iptables-restore} input, tokenised and applied as iptables-restore does; kpsim's
 *   generated {@link dev.kpsim.core.netfilter.restore.RestorePayload}s with their provenance and built-in jumps.</li>
 *   <li>{@link dev.kpsim.core.netfilter.save.RulesetMerger}: restore input on top of an existing ruleset
 *   ({@code --noflush}), kube-proxy's {@code EnsureRule}/{@code EnsureChain}.</li>
 *   <li>{@link dev.kpsim.core.netfilter.save.SavePrinter}: what {@code iptables-save} prints for a ruleset;
 *   {@link dev.kpsim.core.netfilter.save.KernelCanonicalizer}: one rule's canonical text.</li>
 *   <li>{@link dev.kpsim.core.netfilter.save.RestorePrinter}: restore input that recreates a ruleset, keeping each
 *   rule's written text, so print → parse → print is the identity.</li>
 * </ul>
 *
 * <p>Each extension kpsim models has a parser class ({@code *MatchParser}, {@code *TargetParser}) mirroring its
 * libxtables extension ({@code extensions/libxt_*.c} in iptables), and a branch in {@link
 * dev.kpsim.core.netfilter.save.MatchSaveText} / {@link dev.kpsim.core.netfilter.save.TargetSaveText} mirroring its
 * save function. Unmodelled extensions are kept verbatim.
 */
package dev.kpsim.core.netfilter.save;
