package dev.kpsim.cli.conformance;

import java.util.List;

/** iptables mode against kube-proxy's intent, in the newest, 1.28 and 1.26 flavours. */
class IptablesConformanceTest extends ModeConformanceTest {
    @Override
    String mode() {
        return "iptables";
    }

    @Override
    List<String> versions() {
        return List.of("1.35", "1.28", "1.26");
    }
}
