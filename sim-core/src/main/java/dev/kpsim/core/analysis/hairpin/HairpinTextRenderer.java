package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.analysis.reach.Shares;
import dev.kpsim.core.engine.path.HairpinMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link HairpinReport} for people: per pod, where its connections to its own service go, a table of
 * verdicts (kubelet hairpin mode × bridge-nf-call-iptables), the kernel's reason for each distinct verdict with its
 * evidence, and the rules involved. Deterministic.
 */
public final class HairpinTextRenderer {
    private HairpinTextRenderer() {
    }

    public static String render(HairpinReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("HAIRPIN: ").append(r.mode()).append(" mode; every pod behind a service connects to its own service ")
                .append("(exact shares, no sampling)\n");
        sb.append("  verdicts per kubelet --hairpin-mode and bridge-nf-call-iptables; observed: seen in the Linux kernel ")
                .append("(reference/hairpin.md §5), derived: from the kernel's source\n");
        if (r.cases().stream().anyMatch(c -> c.basis() == dev.kpsim.core.analysis.distribution.ExactBasis.SEQUENCE)) {
            sb.append("  ").append(r.mode()).append(" chooses deterministically: shares are those of ")
                    .append(dev.kpsim.core.analysis.reach.Spread.SEQUENCE).append(" successive new connections, 4 h apart\n");
        }
        if (r.cases().isEmpty()) {
            sb.append("\nNo pod is an endpoint of a service.\n");
            return sb.toString();
        }
        String previousWhy = null;
        String previousPod = null;
        for (HairpinCase c : r.cases()) {
            previousWhy = kase(sb, c, previousWhy, previousPod);
            previousPod = c.subject().pod() + " -> " + c.subject().servicePort();
        }
        return sb.toString();
    }

    /** Appends one case; returns its "why" text, which is not repeated for the next case when identical. */
    private static String kase(StringBuilder sb, HairpinCase c, String previousWhy, String previousPod) {
        HairpinSubject s = c.subject();
        sb.append("\npod ").append(s.pod()).append(" on ").append(s.node()).append(" (").append(s.podAddress())
                .append(") -> ").append(s.servicePort()).append(' ').append(s.frontend()).append('/')
                .append(s.protocol().name()).append('\n');
        sb.append(wrap("connections: " + destinations(c), "  ", "    "));
        sb.append("  ").append(pad("hairpin mode", 20)).append(pad("bridge-nf-call-iptables=1", 32))
                .append("bridge-nf-call-iptables=0\n");
        for (HairpinMode m : HairpinAnalysis.MODES) {
            sb.append("  ").append(pad(m.flag(), 20)).append(pad(cell(find(c, m, true)), 32))
                    .append(cell(find(c, m, false)).stripTrailing()).append('\n');
        }
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        Map<String, KernelVerdict> byText = new LinkedHashMap<>();
        for (HairpinVerdict v : c.verdicts()) {
            for (KernelVerdict k : v.reasons()) {
                reasons.computeIfAbsent(k.reason(), x -> new ArrayList<>()).add(v.mode().flag()
                        + (v.bridgeNfCallIptables() ? "" : " (bridge-nf-call-iptables=0)"));
                byText.putIfAbsent(k.reason(), k);
            }
        }
        StringBuilder why = new StringBuilder();
        for (Map.Entry<String, List<String>> e : reasons.entrySet()) {
            KernelVerdict k = byText.get(e.getKey());
            why.append(wrap(label(e.getValue()) + ": " + k.result().name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + e.getKey() + " [" + k.evidence() + "]", "    ", "      "));
        }
        if (why.length() > 0) {
            if (why.toString().equals(previousWhy)) {
                sb.append("  why: as for ").append(previousPod).append(" above\n");
            } else {
                sb.append("  why:\n").append(why);
            }
        }
        if (!c.rules().isEmpty()) {
            sb.append("  rules:\n");
            for (CitedRule r : c.rules()) {
                sb.append("    ").append(r.where()).append(": ").append(r.text()).append('\n');
                if (!r.why().isEmpty()) {
                    sb.append(wrap(r.why(), "      ", "      "));
                }
            }
        }
        return why.toString();
    }

    private static String label(List<String> combos) {
        boolean allOn = combos.stream().noneMatch(x -> x.contains("=0"));
        boolean allOff = combos.stream().allMatch(x -> x.contains("=0"));
        if (combos.size() == HairpinAnalysis.MODES.size() && allOff) {
            return "every mode (bridge-nf-call-iptables=0)";
        }
        if (combos.size() == HairpinAnalysis.MODES.size() && allOn) {
            return "every mode (bridge-nf-call-iptables=1)";
        }
        if (combos.size() == 2 * HairpinAnalysis.MODES.size()) {
            return "every mode and setting";
        }
        return String.join(", ", combos);
    }

    private static String destinations(HairpinCase c) {
        List<String> parts = new ArrayList<>();
        if (c.selfShare() > 0) {
            String how = Boolean.TRUE.equals(c.selfMasquerade())
                    ? "masqueraded" + (c.selfSource() == null ? "" : " to " + c.selfSource()) : "not masqueraded";
            String path = c.path() == SelfPath.BRIDGED_DNAT ? "DNAT at PREROUTING, while bridged"
                    : "translated after the bridge handed it up";
            parts.add(Shares.format(c.selfShare()) + " back to the pod itself (" + how + "; " + path + ")");
        } else {
            parts.add("never back to the pod itself");
        }
        if (c.otherLocalShare() > 0) {
            parts.add(Shares.format(c.otherLocalShare()) + " to other pods on " + c.subject().node());
        }
        if (c.otherRemoteShare() > 0) {
            parts.add(Shares.format(c.otherRemoteShare()) + " to endpoints on other nodes");
        }
        if (c.lostShare() > 0) {
            parts.add(Shares.format(c.lostShare()) + " dropped or rejected by the rules");
        }
        return String.join(", ", parts);
    }

    private static HairpinVerdict find(HairpinCase c, HairpinMode m, boolean brNf) {
        return c.verdicts().stream().filter(v -> v.mode() == m && v.bridgeNfCallIptables() == brNf).findFirst().orElseThrow();
    }

    /** {@code works (observed)}, {@code FAILS 1/3 (observed)}, {@code unverified 1/3}. */
    static String cell(HairpinVerdict v) {
        boolean observed = !v.reasons().isEmpty() && v.reasons().stream().allMatch(KernelVerdict::observed);
        String evidence = v.reasons().isEmpty() ? "" : observed ? " (observed)" : " (derived)";
        return switch (v.result()) {
            case WORKS -> "works" + evidence;
            case FAILS -> "FAILS " + Shares.format(v.failed()) + evidence;
            case UNVERIFIED -> "unverified " + Shares.format(v.unverified())
                    + (v.failed() > 1e-12 ? ", fails " + Shares.format(v.failed()) : "");
        };
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    private static String wrap(String text, String first, String rest) {
        int limit = 110;
        StringBuilder sb = new StringBuilder();
        String indent = first;
        String left = text;
        while (indent.length() + left.length() > limit) {
            int cut = left.lastIndexOf(' ', limit - indent.length());
            if (cut <= 0) {
                break;
            }
            sb.append(indent).append(left, 0, cut).append('\n');
            left = left.substring(cut + 1);
            indent = rest;
        }
        return sb.append(indent).append(left).append('\n').toString();
    }
}
