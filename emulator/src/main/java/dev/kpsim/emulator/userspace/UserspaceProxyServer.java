package dev.kpsim.emulator.userspace;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.emulator.responder.ReplyLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A real userspace service proxy, as kube-proxy's historical userspace mode ran one per service port
 * ({@code pkg/proxy/userspace/proxysocket.go}, removed in v1.26; reference/userspace.md): it listens on the
 * proxy port on all addresses of the namespace it runs in (the node), and for every accepted TCP connection
 * (or every new UDP client) picks an endpoint with {@link BalancerPicker} — the simulator's own
 * {@code LoadBalancerRR}, started from the generated state — and opens its own connection to it, so the pod sees the
 * node, not the client, as the source. Connections are accepted and dialled one at a time on one thread, so the
 * picks happen in the order of the log.
 *
 * <ul>
 *   <li>Dialling mirrors {@code tryConnect}: up to four attempts with timeouts 250 ms, 500 ms, 1 s, 2 s; after
 *       the first failure the affinity record is ignored ({@code sessionAffinityReset}). If every attempt fails
 *       the client connection is closed.</li>
 *   <li>TCP bytes are copied both ways; when either direction ends both sockets are closed, as
 *       {@code copyBytes} does.</li>
 *   <li>UDP keeps one backend socket per client address until it is idle for the UDP timeout
 *       (kube-proxy's {@code --udp-timeout}, default 250 ms).</li>
 * </ul>
 * Each choice is logged before dialling as {@link PickLine} ({@code pick at=MS client=ADDR service=NAME endpoint=EP
 * affinity=BOOL}), then {@code mapped …}, {@code dial-failed …} or {@code failed …}. {@link #main} runs it inside the
 * node namespace with one {@code --service SPEC} per service port ({@link ProxyServiceSpec}), prints {@code READY} once
 * all ports are bound, and exits when its standard input closes. Its class path needs this module, sim-core and
 * modes-userspace.
 */
public final class UserspaceProxyServer implements AutoCloseable {

    private static final int[] DIAL_TIMEOUTS_MS = {250, 500, 1000, 2000};

    private final ProxyServiceSpec spec;
    private final BalancerPicker picker;
    private final Consumer<String> log;
    private final int udpIdleMs;
    private final List<AutoCloseable> sockets = new ArrayList<>();
    private final Map<SocketAddress, DatagramSocket> udpClients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public UserspaceProxyServer(ProxyServiceSpec spec, LongSupplier nanoClock, Consumer<String> log, int udpIdleMs) {
        this.spec = spec;
        this.picker = new BalancerPicker(spec, nanoClock);
        this.log = log;
        this.udpIdleMs = udpIdleMs;
    }

    /** Binds the proxy port and starts serving on daemon threads. */
    public synchronized void start() throws IOException {
        if (spec.udp()) {
            DatagramSocket ds = new DatagramSocket(null);
            ds.setReuseAddress(true);
            ds.bind(new InetSocketAddress(spec.proxyPort()));
            sockets.add(ds);
            daemon(() -> udpLoop(ds), "udp-proxy-" + spec.proxyPort());
        } else {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(spec.proxyPort()), 128);
            sockets.add(ss);
            daemon(() -> tcpLoop(ss), "tcp-proxy-" + spec.proxyPort());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (AutoCloseable c : sockets) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a listening socket cannot fail in a way that matters here
            }
        }
        udpClients.values().forEach(DatagramSocket::close);
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    static InetSocketAddress endpointAddress(HostPort ep) {
        return new InetSocketAddress(ep.ip().toString(), ep.port());
    }

    private static String text(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        int pct = h.indexOf('%');
        if (pct >= 0) {
            h = h.substring(0, pct);
        }
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    private void tcpLoop(ServerSocket ss) {
        while (!closed) {
            Socket in;
            try {
                in = ss.accept();
            } catch (IOException e) {
                return;
            }
            InetSocketAddress client = (InetSocketAddress) in.getRemoteSocketAddress();
            Optional<Socket> out = dialTcp(client);
            if (out.isEmpty()) {
                closeQuietly(in);
                continue;
            }
            daemon(() -> copy(in, out.get()), "to-backend");
            daemon(() -> copy(out.get(), in), "from-backend");
        }
    }

    /** Picks an endpoint for {@code client} and logs the pick; empty (logged as failed) when there is none. */
    private Optional<HostPort> pick(InetSocketAddress client, boolean reset) {
        BalancerPicker.Pick p = picker.next(IpAddress.parse(ReplyLine.addressText(client.getAddress())), reset);
        if (p.endpoint() == null) {
            log.accept("failed client=" + text(client) + " service=" + spec.name() + " reason=" + p.error().replace(' ', '-'));
            return Optional.empty();
        }
        log.accept(new PickLine(p.at().toMillis(), HostPort.parse(text(client)), spec.name().toString(), p.endpoint(),
                p.fromAffinity()).format());
        return Optional.of(p.endpoint());
    }

    private Optional<Socket> dialTcp(InetSocketAddress client) {
        boolean reset = false;
        for (int timeout : DIAL_TIMEOUTS_MS) {
            Optional<HostPort> ep = pick(client, reset);
            if (ep.isEmpty()) {
                return Optional.empty();
            }
            Socket s = new Socket();
            try {
                s.connect(endpointAddress(ep.get()), timeout);
                log.accept("mapped client=" + text(client) + " service=" + spec.name() + " endpoint=" + ep.get());
                return Optional.of(s);
            } catch (IOException e) {
                closeQuietly(s);
                log.accept("dial-failed client=" + text(client) + " service=" + spec.name() + " endpoint=" + ep.get());
                reset = true;
            }
        }
        log.accept("failed client=" + text(client) + " service=" + spec.name() + " reason=no-endpoint-answered");
        return Optional.empty();
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream is = from.getInputStream();
            OutputStream os = to.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = is.read(buf)) >= 0) {
                os.write(buf, 0, n);
                os.flush();
            }
        } catch (IOException e) {
            // the other direction closed the sockets; nothing more to copy
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }

    private void udpLoop(DatagramSocket server) {
        byte[] buf = new byte[4096];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                server.receive(p);
            } catch (IOException e) {
                return;
            }
            InetSocketAddress client = (InetSocketAddress) p.getSocketAddress();
            DatagramSocket backend = udpClients.computeIfAbsent(client, c -> dialUdp(server, client));
            if (backend == null) {
                udpClients.remove(client);
                continue;
            }
            try {
                backend.send(new DatagramPacket(p.getData(), p.getLength()));
            } catch (IOException e) {
                log.accept("write-failed client=" + text(client) + " service=" + spec.name());
            }
        }
    }

    private DatagramSocket dialUdp(DatagramSocket server, InetSocketAddress client) {
        Optional<HostPort> ep = pick(client, false);
        if (ep.isEmpty()) {
            return null;
        }
        try {
            DatagramSocket backend = new DatagramSocket();
            backend.connect(endpointAddress(ep.get()));
            backend.setSoTimeout(udpIdleMs);
            log.accept("mapped client=" + text(client) + " service=" + spec.name() + " endpoint=" + ep.get());
            daemon(() -> udpReplies(server, backend, client), "udp-client");
            return backend;
        } catch (SocketException e) {
            log.accept("dial-failed client=" + text(client) + " service=" + spec.name() + " endpoint=" + ep.get());
            return null;
        }
    }

    private void udpReplies(DatagramSocket server, DatagramSocket backend, InetSocketAddress client) {
        byte[] buf = new byte[4096];
        try {
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                backend.receive(p);
                server.send(new DatagramPacket(p.getData(), p.getLength(), client));
            }
        } catch (SocketTimeoutException e) {
            // idle for the UDP timeout: forget this client, as proxyClient does
        } catch (IOException e) {
            // the backend answered with an error or the proxy closed
        } finally {
            udpClients.remove(client, backend);
            backend.close();
        }
    }

    /** Runs the proxy inside the current network namespace; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        List<ProxyServiceSpec> specs = new ArrayList<>();
        int udpIdle = 250;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--service" -> specs.add(ProxyServiceSpec.parse(args[i + 1]));
                case "--udp-idle-ms" -> udpIdle = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Consumer<String> log = line -> {
            synchronized (out) {
                out.println(line);
            }
        };
        List<UserspaceProxyServer> servers = new ArrayList<>();
        for (ProxyServiceSpec s : specs) {
            UserspaceProxyServer server = new UserspaceProxyServer(s, System::nanoTime, log, udpIdle);
            try {
                server.start();
            } catch (IOException e) {
                log.accept("BIND-FAILED " + (s.udp() ? "udp" : "tcp") + " " + s.proxyPort() + " " + e.getMessage());
                System.exit(2);
            }
            servers.add(server);
        }
        log.accept("READY");
        InputStream in = System.in;
        byte[] sink = new byte[256];
        while (in.read(sink) >= 0) {
            // run until the parent closes our stdin
        }
        servers.forEach(UserspaceProxyServer::close);
        System.exit(0);
    }
}
