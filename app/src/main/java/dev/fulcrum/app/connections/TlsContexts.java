package dev.fulcrum.app.connections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The TLS context of a Druid connection: its CA (or the JVM's, or none for tls-loose) and its client certificate. */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLContext of(ObjectNode connection, String protocol) throws GeneralSecurityException, IOException {
        TrustManager[] trust = null;
        if (protocol.equals("tls-loose")) {
            trust = new TrustManager[] {new TrustEverything()};
        } else if (connection.path("ca").isTextual()) {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(Pem.trustStore(connection.get("ca").asText()));
            trust = factory.getTrustManagers();
        }
        KeyManagerFactory keys = null;
        if (connection.path("cert").isTextual() && connection.path("key").isTextual()) {
            char[] passphrase = connection.path("passphrase").asText("").toCharArray();
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(Pem.keyStore(connection.get("cert").asText(), connection.get("key").asText(), passphrase), passphrase);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust, new SecureRandom());
        return context;
    }

    /** tls-loose: Pivot's "skip certificate checks". */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
