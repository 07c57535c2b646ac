package dev.fulcrum.app.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Druid's {@code GET /status} on one query host, over a socket of the probe (HTTP/1.0, so the answer is never
 * chunked; redirects are not followed), with TLS and a SOCKS5 proxy as the connection says. Success is a 200
 * whose JSON body has a {@code version}; anything else is {@link ProbeFailure.Reason#UNREACHABLE}.
 */
final class DruidProbe {
    private static final int MAX_ANSWER = 64 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})[^\\r\\n]*\\r\\n");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\\r\\ncontent-length:[ \\t]*([0-9]+)[ \\t]*\\r\\n");

    private DruidProbe() {
    }

    /** The version the host reports (unchecked), or a failure. */
    static String status(Probe probe, ObjectNode connection, String hostPort) throws Exception {
        String protocol = connection.path("protocol").asText("plain");
        HostPort target = HostPort.parse(hostPort, protocol.equals("plain") ? 80 : 443);
        Proxy proxy = null;
        String proxyKey = null;
        int proxyPort = 0;
        if (connection.path("sockHost").isTextual()) {
            HostPort via = HostPort.parse(connection.get("sockHost").asText(), 1080);
            InetSocketAddress checked = probe.checked(InetSocketAddress.createUnresolved(via.host(), via.port()));
            // the proxy by its address: the JDK asks for its credentials by this literal, and never resolves it again
            InetSocketAddress literal = new InetSocketAddress(InetAddress.getByAddress(checked.getAddress().getAddress()), via.port());
            proxy = new Proxy(Proxy.Type.SOCKS, literal);
            if (connection.path("sockUsername").isTextual()) {
                proxyKey = literal.getHostString();
                proxyPort = via.port();
                SocksCredentials.install().register(proxyKey, proxyPort, connection.get("sockUsername").asText(),
                        connection.path("sockPassword").asText(""));
            }
        }
        try (Socket plain = probe.socket(proxy)) {
            plain.connect(InetSocketAddress.createUnresolved(target.host(), target.port()));
            Socket socket = protocol.equals("plain") ? plain : tls(plain, connection, protocol, target);
            return exchange(socket, target);
        } finally {
            if (proxyKey != null) {
                SocksCredentials.install().forget(proxyKey, proxyPort);
            }
        }
    }

    private static Socket tls(Socket plain, ObjectNode connection, String protocol, HostPort target)
            throws IOException, GeneralSecurityException {
        SSLSocket tls = (SSLSocket) TlsContexts.of(connection, protocol).getSocketFactory()
                .createSocket(plain, target.host(), target.port(), true);
        if (!protocol.equals("tls-loose")) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
        }
        tls.startHandshake();
        return tls;
    }

    private static String exchange(Socket socket, HostPort target) throws IOException, ProbeFailure {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /status HTTP/1.0\r\nHost: " + target.hostHeader() + "\r\nAccept: application/json\r\n"
                + "User-Agent: Fulcrum\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String head = head(in);
        Matcher status = STATUS_LINE.matcher(head);
        if (!status.lookingAt() || !status.group(1).equals("200")) {
            throw new ProbeFailure(ProbeFailure.Reason.UNREACHABLE);
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        // with a length, read just that: a server that keeps the connection open must not hold the probe
        int expected = length.find() && length.group(1).length() <= 6 ? Integer.parseInt(length.group(1)) : -1;
        byte[] body = in.readNBytes(expected >= 0 ? Math.min(expected, MAX_ANSWER + 1) : MAX_ANSWER + 1);
        if (body.length > MAX_ANSWER || (expected >= 0 && body.length < expected)) {
            throw new ProbeFailure(ProbeFailure.Reason.UNREACHABLE);
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json != null && json.path("version").isTextual()) {
                return json.get("version").asText();
            }
        } catch (IOException notJson) {
            // the same as any other answer that is not Druid's
        }
        throw new ProbeFailure(ProbeFailure.Reason.UNREACHABLE);
    }

    /** The status line and headers, up to the blank line; at most 16 KiB. */
    private static String head(InputStream in) throws IOException, ProbeFailure {
        StringBuilder head = new StringBuilder();
        while (head.length() < 16 * 1024) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        throw new ProbeFailure(ProbeFailure.Reason.UNREACHABLE);
    }

    /** A validated {@code host[:port]}, IPv6 in brackets. */
    record HostPort(String host, int port, String hostHeader) {
        static HostPort parse(String text, int defaultPort) {
            int colon = text.lastIndexOf(':');
            boolean hasPort = colon > 0 && (!text.startsWith("[") || text.charAt(colon - 1) == ']');
            String host = hasPort ? text.substring(0, colon) : text;
            int port = hasPort ? Integer.parseInt(text.substring(colon + 1)) : defaultPort;
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return new HostPort(bare, port, host + ":" + port);
        }
    }
}
