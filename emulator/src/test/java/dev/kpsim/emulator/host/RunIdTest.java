package dev.kpsim.emulator.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunIdTest {

    @Test
    void namespaceNamesCarryTheOwnerPid() {
        RunId id = RunId.next();
        assertThat(id.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(id.prefix()).startsWith("kpsim-" + id.pid() + "-").endsWith("-");
        assertThat(RunId.ofNamespace(id.prefix() + "node0")).contains(id);
        assertThat(RunId.ofNamespace(id.prefix() + "pod12")).contains(id);
        assertThat(RunId.next()).isNotEqualTo(id);
    }

    @Test
    void otherNamesAreNotRuns() {
        assertThat(RunId.ofNamespace("kpsimipvs")).isEmpty();
        assertThat(RunId.ofNamespace("kpsim-abc-x-node0")).isEmpty();
        assertThat(RunId.ofNamespace("kpsim-12-x")).isEmpty();
        assertThat(RunId.ofNamespace("cni-1234")).isEmpty();
    }

    @Test
    void netnsListParsesBothOutputForms() {
        assertThat(NetnsList.parse("kpsim-1-a-node0 (id: 3)\nplain\n\n")).isEqualTo(List.of("kpsim-1-a-node0", "plain"));
        assertThat(NetnsList.parse("")).isEmpty();
    }

    @Test
    void agentsRunInTheirNamespaceFromThisModulesClasses() {
        AgentLauncher l = new AgentLauncher("/usr/bin/java", "/x/classes");
        List<String> c = l.command("kpsim-1-a-pod0", dev.kpsim.emulator.responder.Responder.class, List.of("--pod", "default/a"));
        assertThat(c.subList(0, 5)).containsExactly("ip", "netns", "exec", "kpsim-1-a-pod0", "/usr/bin/java");
        assertThat(c).containsSubsequence("-cp", "/x/classes", "dev.kpsim.emulator.responder.Responder", "--pod", "default/a");
        assertThat(c).contains("-XX:TieredStopAtLevel=1", "-Xshare:auto");
        // the programs' class path: this module, modes-userspace (the proxy's LoadBalancerRR) and sim-core
        assertThat(AgentLauncher.classPath().split(java.io.File.pathSeparator)).hasSizeBetween(1, 3)
                .contains(AgentLauncher.codeLocation(dev.kpsim.emulator.responder.Responder.class),
                        AgentLauncher.codeLocation(dev.kpsim.mode.userspace.proxier.LoadBalancerRR.class),
                        AgentLauncher.codeLocation(dev.kpsim.core.net.IpAddress.class));
    }
}
