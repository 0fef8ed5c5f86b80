package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code kpsim emulate}'s argument checks: all refuse before anything touches the machine (exit 2). */
class EmulateCommandTest {

    private static void refused(String message, String... args) {
        Cli.Run r = Cli.run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(message);
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        String ex = Cli.example("hostnames.yaml");
        refused("kpsim: --iptables must be legacy or nft, not 'xt'", "emulate", ex, "--iptables", "xt");
        refused("kpsim: --hairpin-mode must be hairpin-veth, promiscuous-bridge or none, not 'on'", "emulate", ex, "--hairpin-mode", "on");
        refused("kpsim: give --service or --dst, not both", "emulate", ex, "--service", "default/hostnames", "--dst", "10.0.1.175:80");
        refused("kpsim: --timeout-ms must be within 100-30000, not 5", "emulate", ex, "--timeout-ms", "5");
        refused("--dst '10.0.1.175' is not IP:PORT", "emulate", ex, "--dst", "10.0.1.175");
        refused("kpsim: --proto must be tcp or udp, not 'sctp'", "emulate", ex, "--dst", "10.0.1.175:80", "--proto", "sctp");
        refused("'pod/x' is not a traffic source", "emulate", ex, "--from", "pod/x");
        refused("connections must be between 1 and 5000, not 0", "emulate", ex, "--connections", "0");
        refused("no service port 'default/nope' on node node-1", "emulate", ex, "--service", "default/nope");
        refused("no input files given", "emulate");
    }

    @Test
    void helpNamesEveryOption() {
        Cli.Run r = Cli.run("emulate", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: kpsim emulate ").contains("--mode=MODE", "--service=NS/NAME[:PORT]", "--dst=IP:PORT",
                "--from=CLIENT", "--connections=N", "--hairpin-mode=MODE", "--no-hairpin", "--iptables=BACKEND", "--timeout-ms=MS",
                "--seed=N", "--output=FORMAT", "--preflight", "--cleanup", "--force");
        assertThat(Cli.run("--help").out()).contains("emulate");
    }
}
