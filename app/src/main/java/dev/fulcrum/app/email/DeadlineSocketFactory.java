package dev.fulcrum.app.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/**
 * Makes the sockets of one SMTP exchange and can close them all at once: Jakarta Mail's timeouts bound each
 * read, not the exchange, so a server trickling a byte per read would otherwise hold the sender for ever.
 */
final class DeadlineSocketFactory extends SocketFactory {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean expired;

    /** Closes every socket made so far, and makes any later one fail: the exchange's time is up. */
    void expire() {
        expired = true;
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we want; an error closing changes nothing
            }
        }
    }

    boolean expired() {
        return expired;
    }

    private Socket track(Socket socket) throws IOException {
        sockets.add(socket);
        if (expired) {
            socket.close();
            throw new IOException("the e-mail deadline passed");
        }
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return track(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return track(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return track(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return track(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return track(new Socket(address, port, localAddress, localPort));
    }
}
