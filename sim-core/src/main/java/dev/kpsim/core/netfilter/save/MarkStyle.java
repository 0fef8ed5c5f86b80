package dev.kpsim.core.netfilter.save;

/**
 * How {@code -j MARK --set-xmark} prints.
 *
 * <ul>
 *   <li>{@link #KERNEL} (default): what iptables-save prints, from the (value, mask) pair the kernel stores,
 *   {@code 0x%x/0x%x} ({@code mark_tg_save} in libxt_MARK.c): {@code --or-mark 0x4000} and
 *   {@code --set-xmark 0x00004000/0x00004000} both print {@code --set-xmark 0x4000/0x4000}.</li>
 *   <li>{@link #AS_WRITTEN}: a rule written with {@code --set-xmark} prints the value text exactly as written
 *   ({@link dev.kpsim.core.netfilter.target.MarkTarget#writtenValue()}); other forms still print the kernel form.
 *   This exists for one purpose: the kubernetes.io "Debug Services" page (kube-proxy 1.2 era) shows
 *   {@code -j MARK --set-xmark 0x00004000/0x00004000}, i.e. kube-proxy's Go {@code "%#08x"} text, although a real
 *   iptables-save prints {@code 0x4000/0x4000}. Reproducing that documented listing byte for byte (issue 4's
 *   acceptance example) needs the written text.</li>
 * </ul>
 */
public enum MarkStyle {
    KERNEL,
    AS_WRITTEN
}
