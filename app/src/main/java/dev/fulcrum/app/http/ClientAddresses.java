package dev.fulcrum.app.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who a request comes from, one spelling per machine: {@code ::1}, {@code 127.0.0.2} and {@code ::ffff:127.0.0.1}
 * are all {@code 127.0.0.1}, and an IPv4-mapped address is its IPv4 address, so that a client cannot multiply its
 * sign-in attempts by respelling itself. {@code X-Forwarded-For} counts only from a configured trusted proxy: the
 * client is the right-most address in it that is not itself a trusted proxy.
 */
final class ClientAddresses {
    private static final String LOOPBACK = "127.0.0.1";
    static final String FORWARDED_FOR = "X-Forwarded-For";
    private final Set<String> trustedProxies;

    /** @throws IllegalArgumentException naming an entry that is not an IP address */
    ClientAddresses(Collection<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(proxy -> {
            String address = normalize(proxy);
            if (address == null) {
                throw new IllegalArgumentException("'trustedProxies' must list IP addresses, not '" + proxy + "'");
            }
            return address;
        }).collect(Collectors.toUnmodifiableSet());
    }

    String of(Context ctx) {
        return of(ctx.req());
    }

    String of(HttpServletRequest request) {
        return of(request.getRemoteAddr(), request.getHeader(FORWARDED_FOR));
    }

    /** The client behind a peer at {@code remoteAddress} that sent {@code forwarded} as X-Forwarded-For (or null). */
    String of(String remoteAddress, String forwarded) {
        String peer = normalize(remoteAddress);
        peer = peer == null ? remoteAddress : peer;
        if (forwarded == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = normalize(hops[i].trim());
            if (hop == null) {
                return client; // a hop that is no address: trust nothing to its left
            }
            client = hop;
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** The one spelling of an IP literal, or null when {@code text} is not one (never a DNS lookup). */
    static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = literal.indexOf('%');
        literal = zone < 0 ? literal : literal.substring(0, zone);
        if (literal.isEmpty() || literal.length() > 45 || !literal.chars().allMatch(c -> Character.digit(c, 16) >= 0
                || c == ':' || c == '.') || (literal.indexOf(':') < 0 && !literal.chars().allMatch(c -> c == '.'
                || (c >= '0' && c <= '9')))) {
            return null; // only digits, hex, dots and colons reach InetAddress, which then resolves nothing
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            if (address instanceof Inet6Address six) {
                byte[] bytes = six.getAddress();
                if (isMappedV4(bytes)) {
                    address = InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
                }
            }
            return address.isLoopbackAddress() ? LOOPBACK : address.getHostAddress();
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    private static boolean isMappedV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
