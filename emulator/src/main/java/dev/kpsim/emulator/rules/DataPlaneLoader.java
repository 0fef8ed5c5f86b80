package dev.kpsim.emulator.rules;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.EnsuredChain;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestorePayload.BuiltinJump;
import dev.kpsim.emulator.host.Command;
import dev.kpsim.emulator.host.CommandResult;
import dev.kpsim.emulator.host.EmulatorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a data plane into a node namespace the way kube-proxy does, and reads the kernel's counters back.
 *
 * <p>iptables ({@code pkg/proxy/iptables/proxier.go} {@code syncProxyRules}): first the jump rules from built-in
 * chains — kube-proxy's {@code EnsureChain} + {@code EnsureRule} — as one {@code iptables-restore --noflush}
 * that declares each jump's target chain and appends the jumps in {@link RestorePayload#builtinJumps()} order
 * (the order they end up in; the namespace's built-in chains start empty); then the payload itself, byte for byte
 * as {@link RestorePayload#render()} gives it, with {@code iptables-restore --noflush}. If the payload counts into
 * extended-accounting objects ({@code -m nfacct --nfacct-name N}, kube-proxy v1.29+), those objects are created
 * first with {@code nfacct add N}, as kube-proxy creates them at start-up — without them the kernel refuses the
 * rule ({@code RULE_APPEND failed (No such file or directory)}). nftables: {@code nft -f -} with the ruleset text.
 */
public final class DataPlaneLoader {

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(120);

    /** iptables targets that are extensions, not user chains: never declared. */
    private static final Set<String> TARGET_EXTENSIONS = Set.of("ACCEPT", "DROP", "RETURN", "REJECT", "DNAT", "SNAT",
            "MASQUERADE", "MARK", "REDIRECT", "LOG", "CONNMARK", "NOTRACK", "CT", "NFQUEUE", "QUEUE", "TRACE", "TPROXY",
            "TCPMSS", "CLASSIFY", "DSCP", "TOS", "TTL", "HL", "NFLOG", "AUDIT", "CHECKSUM", "NETMAP", "SET", "CONNSECMARK",
            "SECMARK", "IDLETIMER", "LED", "RATEEST", "SYNPROXY", "TEE", "HMARK", "CLUSTERIP", "ECN");

    private DataPlaneLoader() {
    }

    /** The restore text that installs {@code jumps}: per table, the target chains declared, then the rules. */
    public static String jumpPayload(List<BuiltinJump> jumps) {
        return jumpPayload(jumps, List.of());
    }

    /**
     * The restore text kube-proxy's {@code EnsureChain} + {@code EnsureRule} calls amount to: per table (in order
     * of first mention), the {@code ensured} chains and the jumps' target chains declared, then the jumps.
     */
    public static String jumpPayload(List<BuiltinJump> jumps, List<EnsuredChain> ensured) {
        Map<String, List<BuiltinJump>> byTable = new LinkedHashMap<>();
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (EnsuredChain c : ensured) {
            byTable.computeIfAbsent(c.table(), t -> new ArrayList<>());
            declared.computeIfAbsent(c.table(), t -> new LinkedHashSet<>()).add(c.chain());
        }
        for (BuiltinJump j : jumps) {
            byTable.computeIfAbsent(j.table(), t -> new ArrayList<>()).add(j);
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<BuiltinJump>> e : byTable.entrySet()) {
            b.append('*').append(e.getKey()).append('\n');
            Set<String> targets = new LinkedHashSet<>(declared.getOrDefault(e.getKey(), Set.of()));
            for (BuiltinJump j : e.getValue()) {
                String t = target(j.args());
                if (t != null && !TARGET_EXTENSIONS.contains(t)) {
                    targets.add(t);
                }
            }
            targets.forEach(t -> b.append(':').append(t).append(" - [0:0]\n"));
            for (BuiltinJump j : e.getValue()) {
                b.append("-A ").append(j.chain()).append(' ').append(j.args()).append('\n');
            }
            b.append("COMMIT\n");
        }
        return b.toString();
    }

    /** The chain or target after the last {@code -j}/{@code -g} of a rule's arguments (quotes respected), or null. */
    static String target(String args) {
        List<String> t = tokens(args);
        String r = null;
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.get(i).equals("-j") || t.get(i).equals("-g") || t.get(i).equals("--jump") || t.get(i).equals("--goto")) {
                r = t.get(i + 1);
            }
        }
        return r;
    }

    /** Splits rule arguments on blanks, keeping double-quoted strings (with their quotes removed) whole. */
    static List<String> tokens(String s) {
        List<String> r = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == '\\' && quoted && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any || cur.length() > 0) {
                    r.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            r.add(cur.toString());
        }
        return r;
    }

    /** The distinct {@code --nfacct-name} values in an iptables-restore text, in order of appearance. */
    public static List<String> nfacctNames(String restoreText) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : restoreText.split("\n")) {
            if (!line.contains("--nfacct-name")) {
                continue;
            }
            List<String> t = tokens(line);
            for (int i = 0; i + 1 < t.size(); i++) {
                if (t.get(i).equals("--nfacct-name")) {
                    names.add(t.get(i + 1));
                }
            }
        }
        return List.copyOf(names);
    }

    private static void ensureNfacct(String ns, String restoreText) {
        for (String name : nfacctNames(restoreText)) {
            CommandResult r = Command.run(Command.inNamespace(ns, List.of("nfacct", "add", name)));
            if (!r.ok() && !r.stderr().contains("exists")) {
                throw new EmulatorException("cannot create the nfacct object " + name + " the rules count into: " + r.stderr().strip());
            }
        }
    }

    /**
     * Loads {@code payload} into namespace {@code ns} with {@code backend}, after creating {@code ensuredChains}.
     *
     * @throws EmulatorException quoting iptables-restore's error (it names the failing line)
     */
    public static void loadIptables(String ns, RestorePayload payload, List<EnsuredChain> ensuredChains, IptablesBackend backend) {
        String restore = backend.restore(payload.family());
        String text = payload.render();
        ensureNfacct(ns, text);
        if (!payload.builtinJumps().isEmpty() || !ensuredChains.isEmpty()) {
            restore(ns, restore, jumpPayload(payload.builtinJumps(), ensuredChains), "the ensured chains and the jump rules from built-in chains");
        }
        restore(ns, restore, text, "the " + payload.family().kubernetesName() + " restore payload");
    }

    /** Loads raw {@code iptables-restore} text (for example a real node's {@code iptables-save}) with {@code --noflush}. */
    public static void loadIptablesText(String ns, IpFamily family, String text, IptablesBackend backend) {
        ensureNfacct(ns, text);
        restore(ns, backend.restore(family), text, "the " + family.kubernetesName() + " iptables-restore text");
    }

    private static void restore(String ns, String command, String text, String what) {
        CommandResult r = Command.run(Command.inNamespace(ns, List.of(command, "--noflush")), text, LOAD_TIMEOUT);
        if (!r.ok()) {
            throw new EmulatorException(command + " rejected " + what + " (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
    }

    /** Loads an nftables ruleset ({@code nft -f -}) into namespace {@code ns}. */
    public static void loadNft(String ns, String ruleset) {
        CommandResult r = Command.run(Command.inNamespace(ns, List.of("nft", "-f", "-")), ruleset, LOAD_TIMEOUT);
        if (!r.ok()) {
            throw new EmulatorException("nft rejected the ruleset (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
    }

    /** The counters of every rule in namespace {@code ns} ({@code iptables-save -c}). */
    public static CounterSnapshot counters(String ns, IpFamily family, IptablesBackend backend) {
        CommandResult r = Command.run(Command.inNamespace(ns, List.of(backend.save(family), "-c")))
                .orThrow("reading rule counters");
        return CounterSnapshot.parse(r.stdout());
    }

    /** The ruleset as the kernel holds it now ({@code iptables-save}), for reports and debugging. */
    public static String save(String ns, IpFamily family, IptablesBackend backend) {
        return Command.run(Command.inNamespace(ns, List.of(backend.save(family)))).orThrow("saving rules").stdout();
    }
}
