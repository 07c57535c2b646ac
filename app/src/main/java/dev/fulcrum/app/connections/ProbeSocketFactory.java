package dev.fulcrum.app.connections;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The socket factory the JDBC drivers of a probe are given by class name: every socket they open belongs to
 * the probe running on the thread, so it obeys connectionTests and is closed at the probe's deadline. Outside
 * a probe it makes no socket at all.
 */
public final class ProbeSocketFactory extends SocketFactory {

    /** For the drivers, which make one by reflection. */
    public ProbeSocketFactory() {
    }

    @Override
    public Socket createSocket() throws IOException {
        return Probe.current().socket(null);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(address, port);
    }
}
