package dev.fulcrum.app.connections;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SOCKS user names and passwords for connection tests. The JDK asks the JVM-wide {@link Authenticator}
 * for SOCKS credentials, so this one is installed once and answers only SOCKS requests, with the
 * credentials registered for that proxy while a test through it runs. Two tests through the same proxy
 * with different credentials at the same moment could see each other's; that is the JDK's limit.
 */
final class SocksCredentials extends Authenticator {
    private static final SocksCredentials INSTANCE = new SocksCredentials();
    private static volatile boolean installed;
    private final Map<String, PasswordAuthentication> byProxy = new ConcurrentHashMap<>();
    private final Map<String, Integer> users = new ConcurrentHashMap<>();

    static synchronized SocksCredentials install() {
        if (!installed) {
            Authenticator.setDefault(INSTANCE);
            installed = true;
        }
        return INSTANCE;
    }

    void register(String proxyHost, int proxyPort, String user, String password) {
        String proxy = proxyHost + ":" + proxyPort;
        users.merge(proxy, 1, Integer::sum);
        byProxy.put(proxy, new PasswordAuthentication(user, password.toCharArray()));
    }

    /** Forgets the credentials once no test through that proxy is running any more. */
    void forget(String proxyHost, int proxyPort) {
        String proxy = proxyHost + ":" + proxyPort;
        users.compute(proxy, (key, count) -> {
            if (count == null || count <= 1) {
                byProxy.remove(key);
                return null;
            }
            return count - 1;
        });
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestingProtocol() == null || !getRequestingProtocol().startsWith("SOCKS")) {
            return null;
        }
        return byProxy.get(getRequestingHost() + ":" + getRequestingPort());
    }
}
