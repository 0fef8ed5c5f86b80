package dev.kpsim.core.analysis.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.net.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTableTest {

    @Test
    void columnsInAnyOrderWithOptionalProtocol() {
        List<Expectation.Flow> f = FlowTable.parseTsv("# comment\n\nmasq\tname\tprotocol\tdestPort\tdestIP\tsourceIP\toutput\n"
                + "false\tdns\tUDP\t53\t172.30.0.10\t10.0.0.2\t\"10.180.0.1:53\"\n"
                + "true\tweb\t\t80\t172.30.0.41\t10.0.0.2\tDROP\r\n", "f.tsv");
        assertThat(f).extracting(Expectation.Flow::flow).containsExactly(
                new KubeProxyFlow("dns", "10.0.0.2", Protocol.UDP, "172.30.0.10", 53, "10.180.0.1:53", false),
                new KubeProxyFlow("web", "10.0.0.2", Protocol.TCP, "172.30.0.41", 80, "DROP", true));
        assertThat(f.get(0).name()).isEqualTo("flow dns");
    }

    @Test
    void everyBadLineIsLocated() {
        assertThatThrownBy(() -> FlowTable.parseTsv("name\tsourceIP\tdestIP\tdestPort\toutput\tmasq\n"
                + "a\t10.0.0.1\t10.0.0.2\t99999\t\tfalse\nb\t10.0.0.1\t10.0.0.2\t80\t\tmaybe\n", "f.tsv"))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).diagnostics()).extracting(Diagnostic::format).containsExactly(
                        "f.tsv:2:1: destPort 99999 is out of range 1-65535",
                        "f.tsv:3:1: masq 'maybe' is not true or false"));
        assertThatThrownBy(() -> FlowTable.parseTsv("name\tsourceIP\n", "f.tsv")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("f.tsv:1:1: the header has no 'destIP' column");
    }
}
