package dev.fulcrum.store.internal;

import dev.fulcrum.store.OwnerOnlyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The passwords of the two H2 users Fulcrum makes: an admin, used only at start (migrations, users), and the
 * user the server's connections log in as, who may read and write rows and nothing else. They are random
 * (256 bits each) and kept in an owner-only properties file beside the database, where the CLI finds them too.
 */
record H2Credentials(String adminPassword, String password) {
    static final String ADMIN = "FULCRUM_ADMIN";
    static final String USER = "FULCRUM";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The credentials in {@code file}. */
    static H2Credentials read(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        String admin = properties.getProperty("adminPassword");
        String user = properties.getProperty("password");
        if (admin == null || admin.isBlank() || user == null || user.isBlank()) {
            throw new IOException("it lacks adminPassword or password");
        }
        return new H2Credentials(admin, user);
    }

    /**
     * Writes new credentials to {@code file}, unless another process just did.
     *
     * @return false when the file existed already
     */
    static boolean create(Path file) throws IOException {
        String text = "# The H2 database's users; made by Fulcrum at first start. Keep this file with the database and\n"
                + "# readable only by the server's OS user: without it Fulcrum cannot open the database.\n"
                + "adminUser=" + ADMIN + "\nadminPassword=" + random() + "\nuser=" + USER + "\npassword=" + random() + "\n";
        return OwnerOnlyFiles.write(file, text.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
