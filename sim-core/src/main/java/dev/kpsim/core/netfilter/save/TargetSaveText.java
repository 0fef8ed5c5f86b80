package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.target.ConnmarkTarget;
import dev.kpsim.core.netfilter.target.ContinueTarget;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.RedirectTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.SnatTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import java.util.List;

/**
 * {@code -j TARGET …} as iptables-save prints each target: libxt_NAT ({@code __NAT_print}: {@code --to-destination},
 * {@code --to-source}, {@code --to-ports}, then {@code --random}, {@code --random-fully}, {@code --persistent}),
 * libipt_REJECT/libip6t_REJECT (always {@code --reject-with}, the default included), libxt_MARK
 * ({@code --set-xmark 0x%x/0x%x}), libxt_CONNMARK ({@code connmark_tg_save}), LOG/NFLOG prefixes through
 * {@code xtables_save_string}. Each text starts with a space; {@link NoTarget} prints nothing.
 */
final class TargetSaveText {
    private TargetSaveText() {
    }

    static String of(Target t, IpFamily family, MarkStyle style) {
        StringBuilder sb = new StringBuilder(48);
        if (t instanceof StandardTarget s) {
            sb.append(" -j ").append(s.kind().name());
        } else if (t instanceof JumpTarget j) {
            sb.append(j.isGoto() ? " -g " : " -j ").append(j.chain());
        } else if (t instanceof RejectTarget r) {
            sb.append(" -j REJECT --reject-with ")
                    .append(r.rejectWith() == null ? RejectTypes.defaultType(family) : r.rejectWith());
        } else if (t instanceof DnatTarget d) {
            sb.append(" -j DNAT");
            if (d.to() != null) {
                sb.append(" --to-destination ").append(d.to().text());
            }
            flag(sb, d.random(), "--random");
            flag(sb, d.persistent(), "--persistent");
        } else if (t instanceof SnatTarget s) {
            sb.append(" -j SNAT");
            if (s.to() != null) {
                sb.append(" --to-source ").append(s.to().text());
            }
            flag(sb, s.random(), "--random");
            flag(sb, s.randomFully(), "--random-fully");
            flag(sb, s.persistent(), "--persistent");
        } else if (t instanceof MasqueradeTarget m) {
            sb.append(" -j MASQUERADE");
            if (m.toPorts() != null) {
                sb.append(" --to-ports ").append(m.toPorts());
            }
            flag(sb, m.random(), "--random");
            flag(sb, m.randomFully(), "--random-fully");
        } else if (t instanceof RedirectTarget r) {
            sb.append(" -j REDIRECT");
            if (r.toPorts() != null) {
                sb.append(" --to-ports ").append(r.toPorts());
            }
            flag(sb, r.random(), "--random");
        } else if (t instanceof MarkTarget m) {
            sb.append(" -j MARK --set-xmark ");
            if (style == MarkStyle.AS_WRITTEN && m.op() == MarkTarget.Op.SET_XMARK && m.writtenValue() != null) {
                sb.append(m.writtenValue());
            } else {
                sb.append(Values.hex(m.xmarkValue())).append('/').append(Values.hex(m.xmarkMask()));
            }
        } else if (t instanceof ConnmarkTarget c) {
            sb.append(" -j CONNMARK");
            switch (c.op()) {
                case SET_XMARK -> sb.append(" --set-xmark ").append(Values.hex(c.value())).append('/')
                        .append(Values.hex(c.mask()));
                case SAVE_MARK -> sb.append(" --save-mark --nfmask ").append(Values.hex(c.value()))
                        .append(" --ctmask ").append(Values.hex(c.mask()));
                case RESTORE_MARK -> sb.append(" --restore-mark --nfmask ").append(Values.hex(c.value()))
                        .append(" --ctmask ").append(Values.hex(c.mask()));
                case OTHER -> MatchSaveText.verbatim(sb, c.args());
            }
        } else if (t instanceof ContinueTarget c) {
            sb.append(" -j ").append(c.name());
            prefixed(sb, c.args());
        } else if (t instanceof UnknownTarget u) {
            sb.append(" -j ").append(u.name());
            MatchSaveText.verbatim(sb, u.args());
        }
        // NoTarget: a rule without -j prints no target.
        return sb.toString();
    }

    private static void flag(StringBuilder sb, boolean on, String option) {
        if (on) {
            sb.append(' ').append(option);
        }
    }

    /** Verbatim arguments, with the value of a {@code --log-prefix}/{@code --nflog-prefix} quoted as iptables-save does. */
    private static void prefixed(StringBuilder sb, List<String> args) {
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            boolean prefixValue = k > 0 && (args.get(k - 1).equals("--log-prefix") || args.get(k - 1).equals("--nflog-prefix"));
            if (prefixValue) {
                sb.append(' ').append(SaveQuoting.saveString(a));
            } else {
                sb.append(' ').append(a.equals("!") || a.startsWith("-") ? a : SaveQuoting.verbatim(a));
            }
        }
    }
}
