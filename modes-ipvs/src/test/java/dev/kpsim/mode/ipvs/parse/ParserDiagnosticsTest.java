package dev.kpsim.mode.ipvs.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real dumps parse; garbage and truncation give located diagnostics with stable codes. */
class ParserDiagnosticsTest {

    @Test
    void realIpsetSaveFromLinuxParses() {
        String dump = "create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0xca506565\n"
                + "add KUBE-CLUSTER-IP 10.96.0.1,tcp:443\nadd KUBE-CLUSTER-IP 10.0.1.175,tcp:80\n"
                + "create KUBE-NODE-PORT-TCP bitmap:port range 0-65535\nadd KUBE-NODE-PORT-TCP 30080\n";
        ParseResult<List<IpSet>> r = IpsetSaveParser.parse("ipset.txt", dump);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.value().get(0).members()).containsExactly("10.96.0.1,tcp:443", "10.0.1.175,tcp:80");
        assertThat(r.value().get(0).matches("dst,dst", dev.kpsim.core.net.IpAddress.parse("10.1.1.1"), 5555,
                dev.kpsim.core.net.IpAddress.parse("10.0.1.175"), 80, dev.kpsim.core.net.Protocol.TCP)).isTrue();
    }

    @Test
    void ipsetGarbageAndTruncationAreLocated() {
        String dump = "create KUBE-CLUSTER-IP hash:ip,port family inet\nadd KUBE-CLUSTER-IP 10.96.0.\nfoo bar\nadd KUBE-X 1\nadd";
        ParseResult<List<IpSet>> r = IpsetSaveParser.parse("ipset.txt", dump);
        assertThat(r.diagnostics()).extracting(Diagnostic::format).containsExactly(
                "ipset.txt:2:21: '10.96.0.' is not a member of a hash:ip,port set",
                "ipset.txt:3:1: expected 'create' or 'add', found 'foo'",
                "ipset.txt:4:5: member added to set KUBE-X, which no earlier 'create' line made",
                "ipset.txt:5:4: expected 'add NAME MEMBER' (truncated line?)",
                "ipset.txt:5:1: warning: the dump does not end with a newline; it may be truncated");
        assertThatThrownBy(() -> IpsetSaveParser.parse("ipset.txt", dump).orThrow()).isInstanceOf(BadInputException.class);
    }

    @Test
    void ipvsadmSaveErrorsAreLocated() {
        String dump = "-A -t 10.0.1.175:80 -s rr\n-a -t 10.0.1.175:80 -r\n-a -t 10.0.9.9:80 -r 10.244.0.5:9376 -m -w 1\n"
                + "-A -t kubernetes:https -s rr\nhello\n";
        ParseResult<IpvsTable> r = IpvsadmSaveParser.parse("save.txt", dump);
        assertThat(r.diagnostics()).extracting(d -> d.code() + "@" + d.location()).containsExactly(
                "ipvsadm-missing@save.txt:2:23", "ipvsadm-no-service@save.txt:3:1", "ipvsadm-name@save.txt:4:7",
                "ipvsadm-syntax@save.txt:5:1");
        assertThat(r.value().services()).hasSize(1);
    }

    @Test
    void ipvsadmListWithCountersAndTruncatedDestination() {
        String dump = "IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  10.0.1.175:80 rr persistent 10800\n"
                + "  -> 10.244.0.5:9376              Masq    1      2          3         \n  -> 10.244.0.6:9376   Masq 1\n";
        ParseResult<IpvsTable> r = IpvsadmListParser.parse("list.txt", dump);
        assertThat(r.diagnostics()).extracting(Diagnostic::format)
                .containsExactly("list.txt:6:30: expected '-> ADDRESS:PORT FORWARD WEIGHT ACTIVECONN INACTCONN' (truncated line?)");
        assertThat(r.value().services().get(0).realServers().get(0).activeConns()).isEqualTo(2);
        assertThat(r.value().services().get(0).timeoutSeconds()).isEqualTo(10800);
    }
}
