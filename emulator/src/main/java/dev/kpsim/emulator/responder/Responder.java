package dev.kpsim.emulator.responder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The pod stand-in: a tiny server started with {@code ip netns exec <pod-namespace> java … Responder} that
 * answers every TCP connection and every UDP datagram on the pod's ports with one {@link ReplyLine} — the pod's
 * name, as the {@code hostnames} pods of the Kubernetes "Debug Services" page do, and the addresses it saw.
 *
 * <p>Arguments: {@code --pod NS/NAME}, one or more {@code --addr IP} (the pod IPs; sockets bind to each so UDP
 * replies leave from the address the datagram was sent to, which conntrack needs to undo the DNAT),
 * {@code --tcp P,P…}, {@code --udp P,P…}. Once every socket is bound it prints {@code READY NS/NAME}; a bind
 * failure prints {@code BIND-FAILED …} and exits 2. It exits when its standard input closes, so it never
 * outlives the kpsim process that started it. JDK only.
 *
 * <p>TCP: the reply is written, then the responder half-closes first (FIN) and drains the peer, so the client
 * side never holds TIME_WAIT and its explicit source ports stay reusable.
 */
public final class Responder {

    private Responder() {
    }

    public static void main(String[] args) throws Exception {
        String pod = null;
        List<InetAddress> addrs = new ArrayList<>();
        List<Integer> tcp = new ArrayList<>();
        List<Integer> udp = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--pod" -> pod = args[i + 1];
                case "--addr" -> addrs.add(InetAddress.getByName(args[i + 1]));
                case "--tcp" -> tcp.addAll(ports(args[i + 1]));
                case "--udp" -> udp.addAll(ports(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (pod == null || addrs.isEmpty()) {
            throw new IllegalArgumentException("usage: Responder --pod NS/NAME --addr IP… [--tcp P,…] [--udp P,…]");
        }
        final String name = pod;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(4, daemon("tcp-conn"));
        List<Thread> loops = new ArrayList<>();
        for (InetAddress a : addrs) {
            for (int p : tcp) {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                bindOrExit(out, () -> ss.bind(new InetSocketAddress(a, p), 128), "tcp", a, p);
                loops.add(new Thread(() -> tcpLoop(ss, pool, name), "tcp-" + p));
            }
            for (int p : udp) {
                DatagramSocket ds = new DatagramSocket(null);
                ds.setReuseAddress(true);
                bindOrExit(out, () -> ds.bind(new InetSocketAddress(a, p)), "udp", a, p);
                loops.add(new Thread(() -> udpLoop(ds, name), "udp-" + p));
            }
        }
        for (Thread t : loops) {
            t.setDaemon(true);
            t.start();
        }
        out.println("READY " + pod);
        InputStream in = System.in;
        byte[] sink = new byte[256];
        while (in.read(sink) >= 0) {
            // the parent keeps stdin open while it wants us; EOF means it is gone or done
        }
        System.exit(0);
    }

    private interface Binder {
        void bind() throws IOException;
    }

    private static void bindOrExit(PrintStream out, Binder b, String proto, InetAddress a, int port) {
        try {
            b.bind();
        } catch (IOException e) {
            out.println("BIND-FAILED " + proto + " " + ReplyLine.addressText(a) + " " + port + " " + e.getMessage());
            System.exit(2);
        }
    }

    private static List<Integer> ports(String csv) {
        List<Integer> r = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                r.add(Integer.parseInt(s.trim()));
            }
        }
        return r;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void tcpLoop(ServerSocket ss, ExecutorService pool, String pod) {
        while (true) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                return;
            }
            pool.execute(() -> answer(s, pod));
        }
    }

    private static void answer(Socket s, String pod) {
        try (s) {
            ReplyLine reply = new ReplyLine(pod, "tcp", ReplyLine.addressText(s.getInetAddress()), s.getPort(),
                    ReplyLine.addressText(s.getLocalAddress()), s.getLocalPort());
            OutputStream os = s.getOutputStream();
            os.write((reply.format() + "\n").getBytes(StandardCharsets.UTF_8));
            os.flush();
            s.shutdownOutput();
            s.setSoTimeout(2000);
            InputStream is = s.getInputStream();
            byte[] buf = new byte[512];
            while (is.read(buf) >= 0) {
                // drain until the client closes
            }
        } catch (IOException e) {
            // a client that vanished mid-reply; nothing to report from inside the pod
        }
    }

    private static void udpLoop(DatagramSocket ds, String pod) {
        byte[] buf = new byte[1500];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                ds.receive(p);
                ReplyLine reply = new ReplyLine(pod, "udp", ReplyLine.addressText(p.getAddress()), p.getPort(),
                        ReplyLine.addressText(ds.getLocalAddress()), ds.getLocalPort());
                byte[] data = (reply.format() + "\n").getBytes(StandardCharsets.UTF_8);
                ds.send(new DatagramPacket(data, data.length, p.getSocketAddress()));
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // one lost datagram; keep serving
            }
        }
    }
}
