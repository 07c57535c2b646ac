package dev.fulcrum.app.cli;

import dev.fulcrum.app.FulcrumApp;
import dev.fulcrum.app.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run of the class data sharing archive, made at build time (app/pom.xml) under
 * {@code -XX:DumpLoadedClassList}, whose list the build then dumps into a static archive: it loads what a CLI
 * command and a serving server load (a token created through the real command line; a server on a loopback port
 * answering a read, writes and a refusal), so that {@code bin/fulcrum} starts both from the archive instead of
 * parsing ~7,000 classes out of the jar. Not a user command: everything happens in a temporary directory that is
 * deleted at the end.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    /** Never fails the build: a run cut short only makes a smaller archive, and the JVM dumps what was loaded. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("fulcrum-cds");
        try {
            train(dir);
        } catch (RuntimeException e) {
            System.err.println("CDS training run incomplete (the archive holds what was loaded so far): " + e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static void train(Path dir) throws IOException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "port: 0\nstateStore:\n  type: h2\n  connection: " + dir.resolve("state")
                + "\nsecretKeyFile: " + dir.resolve("secret.key") + "\n");
        StringWriter out = new StringWriter();
        int exit = FulcrumCommand.commandLine().setOut(new PrintWriter(out))
                .execute("token", "create", "--name", "cds", "--config", config.toString());
        if (exit != 0) {
            throw new IllegalStateException("token create failed during the CDS training run");
        }
        String[] lines = out.toString().strip().split("\n");
        serve(config, lines[lines.length - 1].strip());
    }

    private static void serve(Path config, String token) {
        try (FulcrumApp app = FulcrumApp.start(ConfigLoader.load(config))) {
            String base = "http://127.0.0.1:" + app.port() + "/api/v1/";
            call("POST", base + "connections", token,
                    "{\"connection\":{\"name\":\"c1\",\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:1\"]}}");
            call("POST", base + "data-cubes", token, "{\"dataCube\":{\"name\":\"dc-0\",\"connectionName\":\"c1\","
                    + "\"source\":\"wikipedia\",\"dimensions\":[{\"name\":\"page\"}],\"measures\":[{\"name\":\"added\"}]}}");
            call("GET", base + "data-cubes/dc-0", token, null);
            call("GET", base + "data-cubes", token, null);
            call("GET", base + "data-cubes/dc-0", "fulcrum_wrong", null);
        }
    }

    private static void call(String method, String url, String token, String body) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setRequestMethod(method);
            connection.setRequestProperty("x-imply-api-token", token);
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream stream = connection.getOutputStream()) {
                    stream.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            try (InputStream answer = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (answer != null) {
                    answer.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
