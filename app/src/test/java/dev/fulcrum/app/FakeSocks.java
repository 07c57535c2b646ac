package dev.fulcrum.app;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A real SOCKS5 proxy in the JVM that demands a user name and password (RFC 1928 and 1929), for tests. */
final class FakeSocks implements AutoCloseable {
    private final ServerSocket server;
    private final String user;
    private final String password;
    final AtomicInteger tunnels = new AtomicInteger();

    FakeSocks(String user, String password) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.user = user;
        this.password = password;
        Thread acceptor = new Thread(this::acceptAll, "fake-socks");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "fake-socks-client");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            in.readUnsignedByte(); // version 5
            in.readNBytes(in.readUnsignedByte()); // offered methods
            out.write(new byte[] {5, 2}); // we want user name and password
            in.readUnsignedByte(); // auth version 1
            String givenUser = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            String givenPassword = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            if (!givenUser.equals(user) || !givenPassword.equals(password)) {
                out.write(new byte[] {1, 1});
                return;
            }
            out.write(new byte[] {1, 0});
            in.readUnsignedByte(); // version
            in.readUnsignedByte(); // command: connect
            in.readUnsignedByte(); // reserved
            int addressType = in.readUnsignedByte();
            String host = switch (addressType) {
                case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                default -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
            };
            int port = in.readUnsignedShort();
            try (Socket target = new Socket(host, port)) {
                out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
                tunnels.incrementAndGet();
                Thread upstream = new Thread(() -> pipe(in, target));
                upstream.setDaemon(true);
                upstream.start();
                target.getInputStream().transferTo(out);
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static void pipe(InputStream in, Socket target) {
        try {
            in.transferTo(target.getOutputStream());
        } catch (IOException ignored) {
            // either side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
