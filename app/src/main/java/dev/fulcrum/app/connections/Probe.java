package dev.fulcrum.app.connections;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One probe of one host: its deadline, the policy its sockets obey, and every socket it opened. Each socket of
 * a probe, ours or a JDBC driver's (through {@link ProbeSocketFactory}), is a {@link GuardedSocket}: it checks
 * the policy against the address it is about to connect to, and {@link #abort} closes it at the deadline, so a
 * server that accepts and never answers cannot keep the probing thread in a read.
 */
final class Probe {
    private static final ThreadLocal<Probe> CURRENT = new ThreadLocal<>();
    private final ProbePolicy policy;
    private final long deadline;
    private final List<Socket> sockets = new ArrayList<>();
    private boolean aborted;
    private volatile boolean started;
    private volatile boolean blocked;

    Probe(ProbePolicy policy, long deadlineNanos) {
        this.policy = policy;
        this.deadline = deadlineNanos;
    }

    /** The probe running on this thread, for sockets that a driver asks for. */
    static Probe current() throws SocketException {
        Probe probe = CURRENT.get();
        if (probe == null) {
            throw new SocketException("this socket factory serves connection probes only");
        }
        return probe;
    }

    /** Runs {@code work} as this probe on the calling thread, unless the deadline passed while it waited. */
    <T> T run(Callable<T> work) throws Exception {
        synchronized (this) {
            if (aborted || System.nanoTime() >= deadline) {
                throw new ProbeFailure(ProbeFailure.Reason.BUSY);
            }
            started = true;
        }
        CURRENT.set(this);
        try {
            return work.call();
        } finally {
            CURRENT.remove();
        }
    }

    boolean started() {
        return started;
    }

    /** Whether the policy refused an address; the driver's own error then says nothing useful. */
    boolean blocked() {
        return blocked;
    }

    /** Closes every socket of this probe and refuses new ones: the deadline passed. */
    synchronized void abort() {
        aborted = true;
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    private synchronized void register(Socket socket) throws SocketException {
        if (aborted) {
            throw new SocketException("the probe's deadline passed");
        }
        sockets.add(socket);
    }

    /** Milliseconds left, at least 1; a probe past its deadline fails. */
    int remainingMillis() throws SocketException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketException("the probe's deadline passed");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    /**
     * The address to connect to for {@code endpoint}: resolved here when it is not, and refused unless the policy
     * permits every address its name has (a name that also resolves to a denied address is refused outright).
     */
    InetSocketAddress checked(InetSocketAddress endpoint) throws IOException {
        String host = endpoint.getHostString();
        InetAddress[] addresses = endpoint.isUnresolved() ? InetAddress.getAllByName(host)
                : new InetAddress[] {endpoint.getAddress()};
        for (InetAddress address : addresses) {
            if (!policy.permits(host, address)) {
                blocked = true;
                throw new SocketException("blocked by connectionTests policy");
            }
        }
        return new InetSocketAddress(InetAddress.getByAddress(host, addresses[0].getAddress()), endpoint.getPort());
    }

    /** A new socket of this probe, through {@code proxy} (already checked) or directly. */
    Socket socket(Proxy proxy) throws SocketException {
        GuardedSocket socket = proxy == null ? new GuardedSocket(this) : new GuardedSocket(this, proxy);
        register(socket);
        return socket;
    }

    /** A socket that connects only where the probe's policy permits, within the probe's deadline. */
    private static final class GuardedSocket extends Socket {
        private final Probe probe;

        GuardedSocket(Probe probe) {
            this.probe = probe;
        }

        GuardedSocket(Probe probe, Proxy proxy) {
            super(proxy);
            this.probe = probe;
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new SocketException("connection probes use TCP addresses only");
            }
            InetSocketAddress checked = probe.checked(target);
            int left = probe.remainingMillis();
            super.connect(checked, timeout <= 0 ? left : Math.min(timeout, left));
            setSoTimeout(probe.remainingMillis());
        }
    }
}
