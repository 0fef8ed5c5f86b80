package dev.kpsim.emulator.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.emulator.responder.ReplyLine;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ConnectionLineTest {

    @Provide
    Arbitrary<ReplyLine> replies() {
        var name = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '/', '.').ofMinLength(1).ofMaxLength(40);
        var ip = Arbitraries.of("10.244.0.5", "fd00:10:244::5", "203.0.113.10");
        var port = Arbitraries.integers().between(0, 65535);
        return net.jqwik.api.Combinators.combine(name, Arbitraries.of("tcp", "udp"), ip, port, ip, port).as(ReplyLine::new);
    }

    @Property
    void repliesRoundTrip(@ForAll("replies") ReplyLine r) {
        assertThat(ReplyLine.parse(r.format())).contains(r);
    }

    @Property
    void connectionLinesRoundTrip(@ForAll("replies") ReplyLine r, @ForAll ConnectionOutcome o) {
        ConnectionLine l = new ConnectionLine(7, 20007, o, 12, o == ConnectionOutcome.ANSWERED ? r : null, "detail with\ttab");
        assertThat(ConnectionLine.parse(l.format())).contains(l);
        assertThat(l.detail()).isEqualTo("detail with tab");
    }

    @Test
    void otherLinesAreNotReplies() {
        assertThat(ReplyLine.parse("HTTP/1.1 200 OK")).isEmpty();
        assertThat(ReplyLine.parse("kpsim-reply pod=a proto=tcp peer=1.2.3.4 peerPort=x local=1.2.3.4 localPort=1")).isEmpty();
        assertThat(ConnectionLine.parse("done 3")).isEmpty();
        assertThat(ConnectionLine.parse("conn\t1\t2\tWEIRD\t3\t\t")).isEmpty();
    }

    private static ConnectionOutcome classify(IOException e) {
        return Client.failure(0, 1, System.nanoTime(), e).outcome();
    }

    @Test
    void socketErrorsMapToOutcomesAsTheKernelReportedThem() {
        assertThat(classify(new SocketTimeoutException("Connect timed out"))).isEqualTo(ConnectionOutcome.TIMEOUT);
        assertThat(classify(new ConnectException("Connection refused"))).isEqualTo(ConnectionOutcome.REFUSED);
        assertThat(classify(new PortUnreachableException("ICMP Port Unreachable"))).isEqualTo(ConnectionOutcome.REFUSED);
        assertThat(classify(new NoRouteToHostException("No route to host"))).isEqualTo(ConnectionOutcome.UNREACHABLE);
        assertThat(classify(new ConnectException("Network is unreachable"))).isEqualTo(ConnectionOutcome.UNREACHABLE);
        assertThat(classify(new SocketException("Connection reset"))).isEqualTo(ConnectionOutcome.CLOSED);
        assertThat(classify(new BindException("Address already in use"))).isEqualTo(ConnectionOutcome.ERROR);
    }

    @Test
    void clientOptionsAreChecked() throws Exception {
        Client.Options o = Client.parse(new String[] {"--dst", "10.0.1.175", "--port", "80", "--proto", "udp", "--count", "5",
                "--sport-base", "30000", "--timeout-ms", "900", "--parallel", "2"});
        assertThat(o.udp()).isTrue();
        assertThat(o.count()).isEqualTo(5);
        assertThat(o.sportBase()).isEqualTo(30000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Client.parse(new String[] {"--dst", "10.0.1.175", "--port", "80",
                "--count", "10", "--sport-base", "65530"})).isInstanceOf(IllegalArgumentException.class);
    }
}
