package dev.fulcrum.app.connections;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where connection tests and the monitor may open sockets: {@code connectionTests.allow} and {@code .deny} of
 * config.yaml, each a list of CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}, a single address) and host patterns
 * ({@code druid.internal}, {@code *.example.com}). Checked for every address a name resolves to, before a
 * socket connects. A denied entry always wins; a non-empty allow list admits only what it names; and the
 * link-local and cloud metadata ranges are denied unless an allow CIDR names them (a host pattern cannot:
 * anyone who controls a name's DNS could point it there).
 */
public final class ProbePolicy {
    /** Link-local (where cloud metadata services answer) and AWS' IPv6 metadata address. */
    public static final List<String> BUILT_IN_DENY = List.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::254");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern HOST_PATTERN = Pattern.compile("(\\*\\.)?[a-z0-9_]([a-z0-9_.-]{0,251}[a-z0-9_])?");

    private final List<Rule> allow;
    private final List<Rule> deny;
    private final List<Rule> builtInDeny;

    private ProbePolicy(List<Rule> allow, List<Rule> deny) {
        this.allow = allow;
        this.deny = deny;
        this.builtInDeny = parse(BUILT_IN_DENY, "built-in");
    }

    /** The policy of these lists; an entry that is neither a CIDR nor a host pattern is an IllegalArgumentException naming it. */
    public static ProbePolicy of(List<String> allow, List<String> deny) {
        return new ProbePolicy(parse(allow, "allow"), parse(deny, "deny"));
    }

    private static List<Rule> parse(List<String> entries, String list) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            rules.add(rule(entries.get(i), list + "[" + i + "]"));
        }
        return List.copyOf(rules);
    }

    private static Rule rule(String entry, String where) {
        String text = entry == null ? "" : entry.trim().toLowerCase(Locale.ROOT);
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            // digits and dots only would be a mistyped address, never a name that matches
            if (slash < 0 && HOST_PATTERN.matcher(text).matches() && !text.matches("[0-9.]+")) {
                return new Rule(null, 0, text);
            }
            throw new IllegalArgumentException(where + " must be a CIDR such as 10.0.0.0/8 or a host pattern such as"
                    + " *.example.com, not '" + entry + "'");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > prefix) {
                throw new IllegalArgumentException(where + " has a bad prefix length: '" + entry + "'");
            }
            prefix = Integer.parseInt(bits);
        }
        return new Rule(bytes, prefix, null);
    }

    /** The bytes of an IP literal, or null; never a DNS query (IPv6 goes in brackets, where the JDK refuses names). */
    private static byte[] literal(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                return InetAddress.getByName(text).getAddress();
            }
            if (text.contains(":") && IPV6.matcher(text).matches()) {
                return InetAddress.getByName("[" + text + "]").getAddress();
            }
        } catch (UnknownHostException notALiteral) {
            return null;
        }
        return null;
    }

    /**
     * Whether a probe may connect to {@code address}, reached through the name {@code host}. Never to an unspecified
     * address ({@code 0.0.0.0/8}, {@code ::}): connecting there reaches this machine under a name no rule expects,
     * so a deny of {@code 127.0.0.0/8} would not hold (found by the black-box review of issue 10).
     */
    boolean permits(String host, InetAddress address) {
        if (address.isAnyLocalAddress() || (address.getAddress().length == 4 && address.getAddress()[0] == 0)) {
            return false;
        }
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (deny.stream().anyMatch(rule -> rule.matches(name, address))) {
            return false;
        }
        if (!allow.isEmpty() && allow.stream().noneMatch(rule -> rule.matches(name, address))) {
            return false;
        }
        boolean allowedByAddress = allow.stream().anyMatch(rule -> rule.pattern() == null && rule.matches(name, address));
        return allowedByAddress || builtInDeny.stream().noneMatch(rule -> rule.matches(name, address));
    }

    /** A CIDR (network and prefix) or a host pattern. */
    private record Rule(byte[] network, int prefix, String pattern) {
        boolean matches(String host, InetAddress address) {
            if (pattern != null) {
                return pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern);
            }
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
