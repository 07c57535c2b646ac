package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kinds;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** Documents of every kind to export, and export and import requests, for the bundle tests. */
final class Bundles {
    static final String PASSPHRASE = "a long bundle passphrase";
    static final String PG_PASSWORD = "pg-secret-Hunter2";
    static final String USER_PASSWORD = "correct horse battery";
    static final String NEW_USER_PASSWORD = "a brand new password 42";
    static final String PASSPHRASE_HEADER = "x-fulcrum-passphrase";

    private Bundles() {
    }

    /**
     * A valid document of every kind but user-auths, which need a password, from the kinds' examples with their
     * secret fields left out: none has a secret.
     */
    static void seedWithoutSecrets(TestServer server) {
        server.create("connections", "connection", druidMain());
        Examples.createReferencedDocuments(server);
        server.create("roles", "role", "{\"name\":\"analysts\",\"title\":\"Analysts\"}");
        server.create("connections", "connection", "{\"name\":\"Broker-B\",\"type\":\"druid\",\"queryHosts\":[\"b:8082\"]}");
        server.create("data-cubes", "dataCube", "{\"name\":\"a_cube\",\"connectionName\":\"Broker-B\",\"source\":\"x\"}");
        Examples.create(server, Kinds.DASHBOARDS, "overview");
        Examples.create(server, Kinds.ALERTS, "spike");
        Examples.create(server, Kinds.REPORTS, "weekly");
        Examples.create(server, Kinds.USER_STATUSES, "ada@example.com");
    }

    /**
     * Everything of {@link #seedWithoutSecrets}, a PostgreSQL connection with a password, and user-auths, one
     * whose password was changed once (bob@example.com, who is not disabled).
     */
    static void seedWithSecrets(TestServer server) {
        seedWithoutSecrets(server);
        server.create("connections", "connection", "{\"name\":\"pg-main\",\"type\":\"postgres\",\"host\":\"db.example.com\","
                + "\"port\":5432,\"database\":\"wiki\",\"user\":\"reader\",\"password\":\"" + PG_PASSWORD + "\"}");
        Examples.create(server, Kinds.USER_AUTHS, "ada@example.com");
        server.create("users", "user", "{\"name\":\"bob@example.com\"}");
        for (String password : new String[] {USER_PASSWORD, NEW_USER_PASSWORD}) {
            server.create("user-auths", "userAuth", "{\"name\":\"bob@example.com\",\"type\":\"native\",\"currentPass\":"
                    + "{\"pass\":\"" + password + "\",\"hashStrategy\":\"none\"}}");
        }
    }

    /** The example connection druid-main without its secrets, as {@link #seedWithoutSecrets} creates it. */
    static String druidMain() {
        ObjectNode connection = Examples.of(Kinds.CONNECTIONS, "druid-main");
        Kinds.CONNECTIONS.strategy().secretFields().forEach(connection::remove);
        return connection.toString();
    }

    static Response export(TestServer server, String query) {
        return server.api().get("/api/v1/export" + query);
    }

    /** The bundle of everything with its secrets under {@link #PASSPHRASE}; fails the test unless it is a 200. */
    static String exportWithSecrets(TestServer server) {
        Response response = server.api().header(PASSPHRASE_HEADER, PASSPHRASE).get("/api/v1/export?includeSecrets=true");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response.asString();
    }

    static Response importBundle(TestServer server, String query, String bundle) {
        return server.api().body(bundle).post("/api/v1/import" + query);
    }

    static Response importWithPassphrase(TestServer server, String query, String bundle) {
        return server.api().header(PASSPHRASE_HEADER, PASSPHRASE).body(bundle).post("/api/v1/import" + query);
    }

    /**
     * Opens a bundle's secrets the way the README describes the format, with the JDK alone: PBKDF2-HMAC-SHA256
     * over the salt, then AES-256-GCM with the nonce in front of the data and "fulcrumBundle:1:secrets" as
     * associated data. Written apart from the server's code, so that it checks the format, not the code.
     */
    static JsonNode openSecrets(JsonNode bundle, String passphrase) throws Exception {
        JsonNode envelope = bundle.get("secrets");
        assertThat(envelope.get("cipher").asText()).isEqualTo("AES-256-GCM");
        assertThat(envelope.get("kdf").asText()).isEqualTo("PBKDF2-HMAC-SHA256");
        byte[] salt = Base64.getDecoder().decode(envelope.get("salt").asText());
        byte[] data = Base64.getDecoder().decode(envelope.get("data").asText());
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                new PBEKeySpec(passphrase.toCharArray(), salt, envelope.get("iterations").asInt(), 256)).getEncoded();
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, data, 0, 12));
        aes.updateAAD("fulcrumBundle:1:secrets".getBytes(StandardCharsets.US_ASCII));
        return Jsons.parse(new String(aes.doFinal(data, 12, data.length - 12), StandardCharsets.UTF_8));
    }

    /** Seals {@code secrets} under {@code passphrase} as an export does (the README's format, with the JDK alone). */
    static String sealSecrets(String secrets, String passphrase) throws Exception {
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(salt);
        new java.security.SecureRandom().nextBytes(nonce);
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                new PBEKeySpec(passphrase.toCharArray(), salt, 100_000, 256)).getEncoded();
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        aes.updateAAD("fulcrumBundle:1:secrets".getBytes(StandardCharsets.US_ASCII));
        byte[] sealed = aes.doFinal(secrets.getBytes(StandardCharsets.UTF_8));
        byte[] data = new byte[nonce.length + sealed.length];
        System.arraycopy(nonce, 0, data, 0, nonce.length);
        System.arraycopy(sealed, 0, data, nonce.length, sealed.length);
        return "{\"cipher\":\"AES-256-GCM\",\"kdf\":\"PBKDF2-HMAC-SHA256\",\"iterations\":100000,\"salt\":\""
                + Base64.getEncoder().encodeToString(salt) + "\",\"data\":\"" + Base64.getEncoder().encodeToString(data) + "\"}";
    }

    /** The bundle without its secrets envelope, whose salt and nonce are fresh on every export. */
    static String documentsOf(String bundle) {
        JsonNode parsed = Jsons.parse(bundle);
        ((ObjectNode) parsed).remove("secrets");
        return parsed.toString();
    }
}
