package dev.kpsim.cli.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.cli.Cli;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.save.KernelRulesets;
import dev.kpsim.core.netfilter.save.SaveOptions;
import dev.kpsim.emulator.host.Command;
import dev.kpsim.emulator.host.RunScope;
import dev.kpsim.emulator.preflight.Capability;
import dev.kpsim.emulator.rules.DataPlaneLoader;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.mode.iptables.IptablesDataPlane;
import dev.kpsim.mode.iptables.IptablesMode;
import dev.kpsim.mode.nftables.NftablesDataPlane;
import dev.kpsim.mode.nftables.NftablesMode;
import dev.kpsim.scenarios.InputLoader;
import dev.kpsim.scenarios.LoadedInput;
import dev.kpsim.scenarios.NodeChoice;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kpsim's printers say what the kernel holds: for every example, {@code generate --format save} equals what
 * {@code iptables-save} prints after the same payload, built-in jumps and ensured chains are loaded into a fresh
 * namespace (iptables-nft exactly; iptables-legacy, which lists tables newest-registered first, table block by table
 * block), for the newest flavour and the 1.28 and 1.2 ones; and {@code nft list table ip kube-proxy} equals kpsim's
 * {@code nft} rendering after {@code nft -f} of its {@code nft-f} rendering. Comment lines ({@code #}) are ignored.
 * The 1.2 flavour's {@code generate --format save} prints marks as that era's iptables did ({@code 0x00004000/0x00004000},
 * as on the Debug Services page); today's iptables prints {@code 0x4000/0x4000}, which is what kpsim's printer gives
 * with its default options, and that is what is compared for it.
 */
@Execution(ExecutionMode.CONCURRENT)
class FidelityIT {

    static Stream<String> examples() throws Exception {
        return ExamplesAgreementIT.examples().map(a -> (String) a.get()[0]).distinct();
    }

    private static ProxyInput input(String example, String mode, KubeProxyVersion v) {
        LoadedInput in = InputLoader.load(List.of(Cli.example(example)));
        String node = NodeChoice.choose(in.cluster(), in.config(), Optional.empty(), Optional.empty()).nodeName();
        return new ProxyInput(in.cluster(), in.config().toBuilder().mode(mode).kubeProxyVersion(v).build(), node);
    }

    private static String withoutComments(String text) {
        return text.lines().filter(l -> !l.startsWith("#")).map(l -> l + "\n").collect(Collectors.joining());
    }

    /** The {@code *table … COMMIT} blocks of a save listing. */
    private static List<String> blocks(String save) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        for (String l : withoutComments(save).lines().toList()) {
            if (l.startsWith("*")) {
                cur = new StringBuilder();
            }
            if (cur != null) {
                cur.append(l).append('\n');
                if (l.equals("COMMIT")) {
                    out.add(cur.toString());
                    cur = null;
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void iptablesSaveIsWhatTheKernelLists(String example) {
        EmulatorMachine.assume(EnumSet.of(Capability.ROOT, Capability.IP, Capability.NETNS, Capability.IPTABLES_NFT, Capability.NFACCT));
        boolean legacy = EmulatorMachine.preflight().has(Capability.IPTABLES_LEGACY);
        try (RunScope scope = RunScope.open()) {
            for (String version : List.of("latest", "1.28", "1.2")) {
                IptablesDataPlane dp = new IptablesMode().generate(input(example, "iptables", KubeProxyVersion.parse(version).orElseThrow()));
                StringBuilder printed = new StringBuilder();
                for (RestorePayload p : dp.payloads()) {
                    printed.append(KernelRulesets.save(p, dp.ensuredChains(), SaveOptions.DEFAULT));
                }
                String kpsim = printed.toString();
                if (!version.equals("1.2")) {
                    assertThat(withoutComments(dp.render("save"))).isEqualTo(kpsim);
                }
                for (IptablesBackend b : legacy ? List.of(IptablesBackend.NFT, IptablesBackend.LEGACY) : List.of(IptablesBackend.NFT)) {
                    String ns = scope.namespace("save-" + b.flag() + "-" + version.replace('.', '-'));
                    scope.createNamespaces(List.of(ns));
                    StringBuilder kernel = new StringBuilder();
                    for (RestorePayload p : dp.payloads()) {
                        DataPlaneLoader.loadIptables(ns, p, dp.ensuredChains(), b);
                        kernel.append(DataPlaneLoader.save(ns, p.family(), b));
                    }
                    if (b == IptablesBackend.NFT) {
                        assertThat(withoutComments(kernel.toString())).as("%s %s iptables-nft-save", example, version).isEqualTo(kpsim);
                    } else {
                        assertThat(blocks(kernel.toString())).as("%s %s iptables-legacy-save", example, version)
                                .containsExactlyInAnyOrderElementsOf(blocks(kpsim));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void nftListTableIsWhatTheKernelLists(String example) {
        EmulatorMachine.assume(EnumSet.of(Capability.ROOT, Capability.IP, Capability.NETNS, Capability.NFT));
        try (RunScope scope = RunScope.open()) {
            NftablesDataPlane dp = (NftablesDataPlane) new NftablesMode().generate(input(example, "nftables", KubeProxyVersion.LATEST));
            String ns = scope.namespace("nft");
            scope.createNamespaces(List.of(ns));
            DataPlaneLoader.loadNft(ns, dp.render("nft-f"));
            String kernel = Command.run(Command.inNamespace(ns, List.of("nft", "list", "table", "ip", "kube-proxy")))
                    .orThrow("listing the kube-proxy table").stdout();
            assertThat(kernel).as(example).isEqualTo(dp.render("nft"));
        }
    }
}
