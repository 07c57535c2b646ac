package dev.fulcrum.app;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A real HTTP(S) server in the JVM that answers Druid's {@code GET /status}; HTTPS with a self-signed certificate. */
final class FakeDruid implements AutoCloseable {
    private final HttpServer server;
    final String caPem;
    /** Requests to {@code /status} received, and answered: equal when no check is in flight. */
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger answered = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private FakeDruid(HttpServer server, String caPem) {
        this(server, caPem, 0);
    }

    private FakeDruid(HttpServer server, String caPem, long delayMillis) {
        this.server = server;
        this.caPem = caPem;
        server.setExecutor(executor);
        server.createContext("/status", exchange -> {
            received.incrementAndGet();
            try {
                Thread.sleep(delayMillis);
                byte[] body = "{\"version\":\"31.0.1\",\"modules\":[]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
                answered.incrementAndGet();
            }
        });
        server.start();
    }

    /** Plain HTTP that answers each request only after {@code delayMillis}, so a check stays in flight that long. */
    static FakeDruid slow(long delayMillis) throws IOException {
        return new FakeDruid(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), null, delayMillis);
    }

    /** Waits until every request received has been answered. */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (received.get() != answered.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the fake Druid still has requests in flight");
            }
            Thread.sleep(10);
        }
    }

    static FakeDruid plain() throws IOException {
        return new FakeDruid(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), null);
    }

    /** HTTPS with a new self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool. */
    static FakeDruid tls(Path dir) throws Exception {
        return tls(dir, null);
    }

    /**
     * HTTPS that also demands a client certificate, trusting only {@code clientCertificate}; with null,
     * no client certificate is asked for.
     */
    static FakeDruid tls(Path dir, java.security.cert.Certificate clientCertificate) throws Exception {
        Path keystore = dir.resolve("druid.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "druid", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        Path pem = dir.resolve("druid.pem");
        run(keytool, "-exportcert", "-rfc", "-alias", "druid", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        javax.net.ssl.TrustManager[] trust = null;
        if (clientCertificate != null) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("client", clientCertificate);
            javax.net.ssl.TrustManagerFactory factory =
                    javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            trust = factory.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        boolean needClientAuth = clientCertificate != null;
        https.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters parameters) {
                javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                parameters.setSSLParameters(ssl);
            }
        });
        return new FakeDruid(https, Files.readString(pem));
    }

    /** A client key pair made with keytool: its certificate, and its key as PEM (encrypted when a passphrase is given). */
    record ClientIdentity(java.security.cert.Certificate certificate, String certificatePem, String keyPem) {
    }

    static ClientIdentity clientIdentity(Path dir, String passphrase) throws Exception {
        Path keystore = dir.resolve("client.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=fulcrum-client",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        java.security.PrivateKey key = (java.security.PrivateKey) store.getKey("client", "changeit".toCharArray());
        java.security.cert.Certificate certificate = store.getCertificate("client");
        java.util.Base64.Encoder base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        String certificatePem = "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        byte[] pkcs8 = key.getEncoded();
        String keyPem;
        if (passphrase == null) {
            keyPem = "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
        } else {
            String algorithm = "PBEWithSHA1AndDESede"; // PKCS#12 PBE, as `openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES` writes
            byte[] salt = new byte[16];
            new java.security.SecureRandom().nextBytes(salt);
            javax.crypto.spec.PBEParameterSpec spec = new javax.crypto.spec.PBEParameterSpec(salt, 10_000);
            javax.crypto.SecretKey pbeKey = javax.crypto.SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(passphrase.toCharArray()));
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(algorithm);
            cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, pbeKey, spec);
            javax.crypto.EncryptedPrivateKeyInfo encrypted =
                    new javax.crypto.EncryptedPrivateKeyInfo(cipher.getParameters(), cipher.doFinal(pkcs8));
            keyPem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + base64.encodeToString(encrypted.getEncoded())
                    + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
        }
        return new ClientIdentity(certificate, certificatePem, keyPem);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
