package dev.fulcrum.app;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener on loopback (or a Unix socket) that speaks just enough PostgreSQL or MySQL for a driver to send
 * its login, and records every byte it receives. PostgreSQL is asked for the password in clear text; MySQL
 * gets a mysql_native_password seed, so its answer is the password's scramble, recognisable by the test.
 */
final class FakeDatabase implements AutoCloseable {
    enum Dialect { POSTGRES, MYSQL }

    private final Dialect dialect;
    private final ServerSocket tcp;
    private final ServerSocketChannel unix;
    private final byte[] seed = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final AtomicInteger connections = new AtomicInteger();

    private FakeDatabase(Dialect dialect, ServerSocket tcp, ServerSocketChannel unix) {
        this.dialect = dialect;
        this.tcp = tcp;
        this.unix = unix;
        Thread acceptor = new Thread(this::acceptAll, "fake-" + dialect);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FakeDatabase onLoopback(Dialect dialect) throws IOException {
        return new FakeDatabase(dialect, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), null);
    }

    static FakeDatabase onUnixSocket(Dialect dialect, Path path) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
        return new FakeDatabase(dialect, null, channel);
    }

    int port() {
        return tcp.getLocalPort();
    }

    /** Whether the password arrived: in clear text, or as its mysql_native_password scramble of our seed. */
    boolean sawPassword(String password) throws Exception {
        byte[] all;
        synchronized (received) {
            all = received.toByteArray();
        }
        return contains(all, password.getBytes(StandardCharsets.UTF_8)) || contains(all, scramble(password));
    }

    private byte[] scramble(String password) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1.digest(stage1);
        sha1.update(seed);
        byte[] mix = sha1.digest(stage2);
        for (int i = 0; i < mix.length; i++) {
            mix[i] ^= stage1[i];
        }
        return mix;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void acceptAll() {
        while (true) {
            try {
                if (tcp != null) {
                    Socket client = tcp.accept();
                    client.setSoTimeout(5_000);
                    handleLater(client.getInputStream(), client.getOutputStream(), client);
                } else {
                    SocketChannel client = unix.accept();
                    handleLater(Channels.newInputStream(client), Channels.newOutputStream(client), client);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handleLater(InputStream in, OutputStream out, AutoCloseable connection) {
        connections.incrementAndGet();
        Thread handler = new Thread(() -> {
            try (connection) {
                DataInputStream recorded = new DataInputStream(new Recording(in));
                if (dialect == Dialect.POSTGRES) {
                    postgres(recorded, out);
                } else {
                    mysql(recorded, out);
                }
            } catch (Exception gone) {
                // the client went away, or timed out: what it sent is recorded
            }
        }, "fake-" + dialect + "-client");
        handler.setDaemon(true);
        handler.start();
    }

    private void postgres(DataInputStream in, OutputStream out) throws IOException {
        while (true) {
            int length = in.readInt();
            int code = in.readInt();
            in.readNBytes(length - 8);
            if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest: no
                out.write('N');
                out.flush();
                continue;
            }
            break; // the startup message, with user and database
        }
        out.write(new byte[] {'R', 0, 0, 0, 8, 0, 0, 0, 3}); // AuthenticationCleartextPassword
        out.flush();
        in.readByte(); // 'p'
        in.readNBytes(in.readInt() - 4);
        byte[] message = "SFATAL\0C28P01\0Mpassword authentication failed\0\0".getBytes(StandardCharsets.US_ASCII);
        out.write('E');
        out.write(java.nio.ByteBuffer.allocate(4).putInt(message.length + 4).array());
        out.write(message);
        out.flush();
    }

    private void mysql(DataInputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(10);
        payload.write("5.7.99-fake\0".getBytes(StandardCharsets.US_ASCII));
        payload.write(new byte[] {1, 0, 0, 0});
        payload.write(seed, 0, 8);
        payload.write(0);
        int capabilities = 0x1 | 0x4 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x80000;
        payload.write(capabilities & 0xff);
        payload.write((capabilities >> 8) & 0xff);
        payload.write(0x21);
        payload.write(new byte[] {2, 0});
        payload.write((capabilities >> 16) & 0xff);
        payload.write((capabilities >> 24) & 0xff);
        payload.write(21);
        payload.write(new byte[10]);
        payload.write(seed, 8, 12);
        payload.write(0);
        payload.write("mysql_native_password\0".getBytes(StandardCharsets.US_ASCII));
        packet(out, 0, payload.toByteArray());
        int length = in.readUnsignedByte() | in.readUnsignedByte() << 8 | in.readUnsignedByte() << 16;
        int sequence = in.readUnsignedByte();
        in.readNBytes(length); // the handshake response: user, scramble, database
        byte[] denied = "\u00ff\u0015\u0004#28000Access denied".getBytes(StandardCharsets.ISO_8859_1);
        packet(out, sequence + 1, denied);
    }

    private static void packet(OutputStream out, int sequence, byte[] payload) throws IOException {
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16), (byte) sequence});
        out.write(payload);
        out.flush();
    }

    /** Copies what is read into {@link #received}. */
    private final class Recording extends InputStream {
        private final InputStream in;

        Recording(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                synchronized (received) {
                    received.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                synchronized (received) {
                    received.write(buffer, offset, n);
                }
            }
            return n;
        }
    }

    @Override
    public void close() throws IOException {
        if (tcp != null) {
            tcp.close();
        } else {
            unix.close();
        }
    }
}
