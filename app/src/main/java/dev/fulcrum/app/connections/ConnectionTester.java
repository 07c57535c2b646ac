package dev.fulcrum.app.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Really reaches what a connection names: Druid's {@code /status} on every query host (honouring
 * protocol, CA, client certificate, timeout and SOCKS proxy), or a JDBC connection and a ping for
 * PostgreSQL and MySQL. The whole test is bounded; error texts never carry the connection's secrets.
 */
public final class ConnectionTester implements AutoCloseable {
    private final Duration budget;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "connection-test");
        thread.setDaemon(true);
        return thread;
    });

    public ConnectionTester(Duration budget) {
        this.budget = budget;
    }

    /** Tests {@code connection} (its public form) with its decrypted {@code secrets}. */
    public TestResult test(ObjectNode connection, ObjectNode secrets) {
        ObjectNode full = connection.deepCopy();
        secrets.fields().forEachRemaining(entry -> full.set(entry.getKey(), entry.getValue()));
        List<String> targets = targets(full);
        List<Future<TestResult.HostResult>> running = new ArrayList<>();
        for (String target : targets) {
            running.add(workers.submit(() -> testOne(full, target)));
        }
        long deadline = System.nanoTime() + budget.toNanos();
        List<TestResult.HostResult> results = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            results.add(await(running.get(i), targets.get(i), deadline, secrets));
        }
        return new TestResult(results);
    }

    private static List<String> targets(ObjectNode connection) {
        String type = connection.path("type").asText();
        if (type.equals("postgres") || type.equals("mysql")) {
            return List.of(connection.path("host").asText() + ":" + connection.path("port").asInt());
        }
        List<String> hosts = new ArrayList<>();
        connection.path("queryHosts").forEach(host -> hosts.add(host.asText()));
        return hosts;
    }

    private TestResult.HostResult await(Future<TestResult.HostResult> result, String target, long deadline,
                                        ObjectNode secrets) {
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return TestResult.HostResult.failed(target, "no answer within " + budget.toMillis() + " ms");
        } catch (ExecutionException e) {
            return TestResult.HostResult.failed(target, withoutSecrets(describe(e.getCause()), secrets));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TestResult.HostResult.failed(target, "interrupted");
        }
    }

    private TestResult.HostResult testOne(ObjectNode connection, String target) throws Exception {
        long start = System.nanoTime();
        String type = connection.path("type").asText();
        String version = type.equals("postgres") || type.equals("mysql") ? pingDatabase(connection, type)
                : druidStatus(connection, target);
        return TestResult.HostResult.ok(target, (System.nanoTime() - start) / 1_000_000, version);
    }

    private String druidStatus(ObjectNode connection, String host) throws IOException, GeneralSecurityException {
        String protocol = connection.path("protocol").asText("plain");
        URI uri = URI.create((protocol.equals("plain") ? "http://" : "https://") + host + "/status");
        Proxy proxy = Proxy.NO_PROXY;
        String proxyHost = null;
        int proxyPort = 1080;
        if (connection.path("sockHost").isTextual()) {
            String[] parts = connection.get("sockHost").asText().split(":");
            proxyHost = parts[0];
            proxyPort = parts.length > 1 ? Integer.parseInt(parts[1]) : 1080;
            proxy = new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved(proxyHost, proxyPort));
            if (connection.path("sockUsername").isTextual()) {
                SocksCredentials.install().register(proxyHost, proxyPort, connection.get("sockUsername").asText(),
                        connection.path("sockPassword").asText(""));
            }
        }
        HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection(proxy);
        int timeout = (int) Math.min(budget.toMillis(), Integer.MAX_VALUE);
        http.setConnectTimeout(timeout);
        // a test must open its own connection: a kept-alive one would skip the proxy's login and TLS checks
        http.setRequestProperty("Connection", "close");
        http.setReadTimeout(timeout);
        if (http instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(sslContext(connection, protocol).getSocketFactory());
            if (protocol.equals("tls-loose")) {
                https.setHostnameVerifier((name, session) -> true);
            }
        }
        try {
            int status = http.getResponseCode();
            if (status != 200) {
                throw new IOException("GET /status answered HTTP " + status);
            }
            try (InputStream in = http.getInputStream()) {
                JsonNode body = Json.MAPPER.readTree(in.readNBytes(1 << 20));
                if (!body.path("version").isTextual()) {
                    throw new IOException("GET /status answered without a version; is this a Druid server?");
                }
                return body.get("version").asText();
            }
        } finally {
            http.disconnect();
            if (proxyHost != null && connection.path("sockUsername").isTextual()) {
                SocksCredentials.install().forget(proxyHost, proxyPort);
            }
        }
    }

    private static SSLContext sslContext(ObjectNode connection, String protocol)
            throws GeneralSecurityException, IOException {
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

    private String pingDatabase(ObjectNode connection, String type) throws SQLException {
        int seconds = (int) Math.max(1, budget.toSeconds());
        String host = connection.path("host").asText();
        int port = connection.path("port").asInt();
        String database = connection.path("database").asText();
        boolean ssl = connection.path("ssl").asBoolean(false);
        Properties properties = new Properties();
        properties.setProperty("user", connection.path("user").asText());
        properties.setProperty("password", connection.path("password").asText(""));
        String url;
        if (type.equals("postgres")) {
            url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
            properties.setProperty("connectTimeout", String.valueOf(seconds));
            properties.setProperty("socketTimeout", String.valueOf(seconds));
            properties.setProperty("loginTimeout", String.valueOf(seconds));
            properties.setProperty("sslmode", ssl ? "require" : "disable");
        } else {
            url = "jdbc:mariadb://" + host + ":" + port + "/" + database;
            properties.setProperty("connectTimeout", String.valueOf(seconds * 1000));
            properties.setProperty("socketTimeout", String.valueOf(seconds * 1000));
            properties.setProperty("sslMode", ssl ? "trust" : "disable");
        }
        try (Connection jdbc = DriverManager.getConnection(url, properties)) {
            if (!jdbc.isValid(seconds)) {
                throw new SQLException("the connection opened but did not answer a ping");
            }
            return jdbc.getMetaData().getDatabaseProductName() + " " + jdbc.getMetaData().getDatabaseProductVersion();
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (root instanceof java.net.ConnectException) {
            return "connection refused" + message.replace(": Connection refused", "");
        } else if (root instanceof java.net.UnknownHostException) {
            return "unknown host" + message;
        } else if (root instanceof java.net.SocketTimeoutException) {
            return "no answer in time" + message;
        } else if (root instanceof javax.net.ssl.SSLException || root instanceof java.security.cert.CertificateException
                || root instanceof java.security.cert.CertPathValidatorException
                || root.getClass().getName().contains("SunCertPathBuilder")) {
            return "TLS failed" + message;
        }
        return failure.getMessage() == null ? root.getClass().getSimpleName() : failure.getMessage();
    }

    /** An error text with every secret value of the connection replaced by a mask. */
    private static String withoutSecrets(String text, ObjectNode secrets) {
        String clean = text;
        for (JsonNode secret : secrets) {
            if (secret.isTextual() && secret.asText().length() >= 3) {
                clean = clean.replace(secret.asText(), "********");
            }
        }
        return clean.length() > 500 ? clean.substring(0, 500) + "..." : clean;
    }

    @Override
    public void close() {
        workers.shutdownNow();
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
