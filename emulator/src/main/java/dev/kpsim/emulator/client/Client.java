package dev.kpsim.emulator.client;

import dev.kpsim.emulator.responder.ReplyLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The traffic source: started in a source namespace with {@code ip netns exec <source-namespace> java … Client},
 * it makes N real TCP connections (or UDP exchanges) to one destination, each from its own explicit source port
 * ({@code base + index}) so every attempt is a new conntrack entry, and prints one {@link ConnectionLine} per
 * attempt in index order, then {@code done N}. With {@value #SERVE} it stays up and runs one such job per line of
 * its standard input, so a session starts one client JVM per namespace, not one per experiment. JDK only.
 *
 * <p>Arguments: {@code --dst IP --port P --proto tcp|udp --count N --sport-base B --timeout-ms T
 * --parallel K [--src IP]}. At most K attempts are in flight; each is bounded by T for connect and T for the
 * reply, so the run takes at most about {@code ceil(N/K) * 2T}.
 */
public final class Client {

    private static final byte[] PING = "kpsim-ping\n".getBytes(StandardCharsets.UTF_8);

    private Client() {
    }

    /** What one run does. */
    record Options(InetAddress dst, int port, boolean udp, int count, int sportBase, int timeoutMs, int parallel, InetAddress src) {
    }

    /** The argument that makes the client serve jobs from its standard input. */
    public static final String SERVE = "--serve";

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length == 1 && args[0].equals(SERVE)) {
            serve(out);
            System.exit(0);
        }
        run(parse(args), out);
        System.exit(0);
    }

    /**
     * Runs one job per line of standard input (the same arguments as on the command line, separated by spaces) until
     * it closes, so one JVM serves every experiment from its namespace: prints {@code ready} first, then per job its
     * {@link ConnectionLine}s and {@code done N}, or {@code failed MESSAGE} for a job it cannot run.
     */
    static void serve(PrintStream out) throws Exception {
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Options o;
            try {
                o = parse(line.trim().split(" "));
            } catch (IllegalArgumentException | IOException e) {
                out.println("failed " + e.getMessage());
                continue;
            }
            run(o, out);
        }
    }

    /** Makes one job's connections and prints their lines in index order, then {@code done N}. */
    static void run(Options o, PrintStream out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(o.parallel());
        List<Future<ConnectionLine>> results = new ArrayList<>();
        for (int i = 0; i < o.count(); i++) {
            final int index = i;
            results.add(pool.submit(() -> o.udp() ? udp(o, index) : tcp(o, index)));
        }
        StringBuilder all = new StringBuilder();
        for (Future<ConnectionLine> f : results) {
            all.append(f.get().format()).append('\n');
        }
        pool.shutdown();
        all.append("done ").append(o.count());
        out.println(all);
    }

    static Options parse(String[] args) throws IOException {
        InetAddress dst = null;
        InetAddress src = null;
        int port = -1;
        boolean udp = false;
        int count = 1;
        int base = 20000;
        int timeout = 1000;
        int parallel = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--dst" -> dst = InetAddress.getByName(v);
                case "--src" -> src = InetAddress.getByName(v);
                case "--port" -> port = Integer.parseInt(v);
                case "--proto" -> udp = v.toLowerCase(Locale.ROOT).equals("udp");
                case "--count" -> count = Integer.parseInt(v);
                case "--sport-base" -> base = Integer.parseInt(v);
                case "--timeout-ms" -> timeout = Integer.parseInt(v);
                case "--parallel" -> parallel = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (dst == null || port < 0 || count < 1 || base < 1 || base + count > 65536 || parallel < 1) {
            throw new IllegalArgumentException("usage: Client --dst IP --port P --proto tcp|udp --count N --sport-base B "
                    + "--timeout-ms T --parallel K [--src IP]");
        }
        return new Options(dst, port, udp, count, base, timeout, parallel, src);
    }

    private static InetSocketAddress local(Options o, int sport) {
        return o.src() == null ? new InetSocketAddress(sport) : new InetSocketAddress(o.src(), sport);
    }

    static ConnectionLine tcp(Options o, int index) {
        int sport = o.sportBase() + index;
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setReuseAddress(true);
            try {
                s.bind(local(o, sport));
            } catch (BindException e) {
                return new ConnectionLine(index, sport, ConnectionOutcome.ERROR, ms(t0), null, "bind: " + e.getMessage());
            }
            s.connect(new InetSocketAddress(o.dst(), o.port()), o.timeoutMs());
            s.setSoTimeout(o.timeoutMs());
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null) {
                return new ConnectionLine(index, sport, ConnectionOutcome.CLOSED, ms(t0), null, "closed without a reply");
            }
            return ReplyLine.parse(line)
                    .map(rl -> new ConnectionLine(index, sport, ConnectionOutcome.ANSWERED, ms(t0), rl, ""))
                    .orElseGet(() -> new ConnectionLine(index, sport, ConnectionOutcome.CLOSED, ms(t0), null, "unexpected reply: " + abbreviate(line)));
        } catch (IOException e) {
            return failure(index, sport, t0, e);
        }
    }

    static ConnectionLine udp(Options o, int index) {
        int sport = o.sportBase() + index;
        long t0 = System.nanoTime();
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReuseAddress(true);
            try {
                s.bind(local(o, sport));
            } catch (BindException e) {
                return new ConnectionLine(index, sport, ConnectionOutcome.ERROR, ms(t0), null, "bind: " + e.getMessage());
            }
            s.connect(new InetSocketAddress(o.dst(), o.port()));
            s.setSoTimeout(o.timeoutMs());
            s.send(new DatagramPacket(PING, PING.length));
            byte[] buf = new byte[1500];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            String line = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8).trim();
            return ReplyLine.parse(line)
                    .map(rl -> new ConnectionLine(index, sport, ConnectionOutcome.ANSWERED, ms(t0), rl, ""))
                    .orElseGet(() -> new ConnectionLine(index, sport, ConnectionOutcome.CLOSED, ms(t0), null, "unexpected reply: " + abbreviate(line)));
        } catch (IOException e) {
            return failure(index, sport, t0, e);
        }
    }

    /** Classifies a socket error the way the kernel reported it (errno text in the JDK's message). */
    static ConnectionLine failure(int index, int sport, long t0, IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        ConnectionOutcome o;
        if (e instanceof SocketTimeoutException || lower.contains("timed out")) {
            o = ConnectionOutcome.TIMEOUT;
        } else if (e instanceof PortUnreachableException || lower.contains("refused")) {
            o = ConnectionOutcome.REFUSED;
        } else if (e instanceof NoRouteToHostException || lower.contains("unreachable") || lower.contains("no route")
                || lower.contains("prohibited")) {
            o = ConnectionOutcome.UNREACHABLE;
        } else if (e instanceof ConnectException) {
            o = ConnectionOutcome.REFUSED;
        } else if (e instanceof SocketException && lower.contains("reset")) {
            o = ConnectionOutcome.CLOSED;
        } else {
            o = ConnectionOutcome.ERROR;
        }
        return new ConnectionLine(index, sport, o, ms(t0), null, e.getClass().getSimpleName() + ": " + msg);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
