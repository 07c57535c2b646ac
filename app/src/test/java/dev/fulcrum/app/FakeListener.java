package dev.fulcrum.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on loopback that counts connections and answers each with fixed bytes, or with nothing at all
 * (holding the connection open), for probes of services that are not what the connection expects.
 */
final class FakeListener implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] answer;
    private final boolean keepOpen;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    private FakeListener(byte[] answer, boolean keepOpen) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.answer = answer;
        this.keepOpen = keepOpen;
        Thread acceptor = new Thread(this::acceptAll, "fake-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts and never says a word. */
    static FakeListener silent() throws IOException {
        return new FakeListener(null, true);
    }

    /** Answers every connection with {@code text} and closes it. */
    static FakeListener answering(String text) throws IOException {
        return new FakeListener(text.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /** Answers every connection with {@code prefix}, then one byte every 100 ms for as long as the client reads. */
    static FakeListener trickling(String prefix) throws IOException {
        FakeListener listener = new FakeListener(prefix.getBytes(StandardCharsets.ISO_8859_1), true);
        Thread trickle = new Thread(listener::trickle, "fake-listener-trickle");
        trickle.setDaemon(true);
        trickle.start();
        return listener;
    }

    private void trickle() {
        while (!server.isClosed()) {
            for (Socket socket : held) {
                try {
                    socket.getOutputStream().write('a');
                } catch (IOException gone) {
                    held.remove(socket);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Answers every connection with {@code text} and then keeps it open, as a server ignoring "Connection: close". */
    static FakeListener answeringAndHolding(String text) throws IOException {
        return new FakeListener(text.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                if (answer == null) {
                    held.add(client);
                    continue;
                }
                client.setSoTimeout(300);
                try {
                    client.getInputStream().read(new byte[4096]); // the request, if one comes
                } catch (IOException quiet) {
                    // it said nothing: answer anyway
                }
                client.getOutputStream().write(answer);
                if (keepOpen) {
                    held.add(client);
                } else {
                    client.close();
                }
            } catch (IOException closed) {
                // closed, or the client went away
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
