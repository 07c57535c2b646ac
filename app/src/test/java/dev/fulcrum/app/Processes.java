package dev.fulcrum.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Fulcrum's real command line in a separate JVM, as a user or a script would. */
final class Processes {
    private static final Pattern SERVING = Pattern.compile("serving on port (\\d+)");
    /** The checkout's launcher: the tests run in app/. */
    static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).resolveSibling("bin").resolve("fulcrum");

    private Processes() {
    }

    record Result(int exitCode, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static ProcessBuilder fulcrum(Path workDir, String... args) {
        return fulcrum(List.of(), workDir, args);
    }

    /**
     * With options for the JVM, such as {@code -Xmx256m} (given as {@code JAVA_OPTS}, which come last). Runs
     * {@code bin/fulcrum} on the jar the build made ({@code -Dfulcrum.test.jar}, set by the {@code processes}
     * executions after {@code package}), so every such test starts Fulcrum as a user does: the launcher's JVM settings
     * and the class data sharing archive beside the jar. Without that property (a test run from an IDE), the test
     * JVM's own classes with the launcher's settings for them; in the executions before {@code package}, a refusal:
     * such a class is {@link StartsProcesses}.
     */
    static ProcessBuilder fulcrum(List<String> jvmOptions, Path workDir, String... args) {
        String jar = System.getProperty("fulcrum.test.jar");
        if (jar != null) {
            List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().put("FULCRUM_JAR", jar);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS", String.join(" ", jvmOptions));
            return builder;
        }
        if (Boolean.getBoolean("fulcrum.test.noProcesses")) {
            throw new AssertionError("this test starts Fulcrum's processes: mark its class @StartsProcesses, so that "
                    + "it runs after package, on the jar (app/pom.xml)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (args.length > 0 && !args[0].equals("serve") && jvmOptions.isEmpty()) {
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.fulcrum.app.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile());
    }

    static Result run(Path workDir, String... args) {
        return run(List.of(), workDir, java.util.Map.of(), "", args);
    }

    /** Runs with these environment variables added. */
    static Result run(Path workDir, java.util.Map<String, String> environment, String... args) {
        return run(List.of(), workDir, environment, "", args);
    }

    /** Runs with these options for the JVM (see {@link #fulcrum(List, Path, String...)}). */
    static Result run(List<String> jvmOptions, Path workDir, String... args) {
        return run(jvmOptions, workDir, java.util.Map.of(), "", args);
    }

    /** Runs with {@code input} on standard input, as {@code echo ... | fulcrum ...} would. */
    static Result runWithInput(Path workDir, String input, String... args) {
        return run(List.of(), workDir, java.util.Map.of(), input, args);
    }

    private static Result run(List<String> jvmOptions, Path workDir, java.util.Map<String, String> environment,
                              String input, String... args) {
        try {
            ProcessBuilder builder = fulcrum(jvmOptions, workDir, args);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("fulcrum " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A {@code fulcrum serve} in its own JVM, the port it reported, and everything it printed so far. */
    record Server(Process process, int port, StringBuffer output) {
        void kill9() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void terminate() throws InterruptedException {
            process.destroy(); // SIGTERM
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static Server serve(Path workDir, String configFile) {
        return serve(List.of(), workDir, configFile);
    }

    /** A {@code fulcrum serve} in a JVM started with these options. */
    static Server serve(List<String> jvmOptions, Path workDir, String configFile) {
        return serveWith(jvmOptions, workDir, "--config", configFile);
    }

    /** A {@code fulcrum serve} with these arguments, e.g. none: ./config.yaml or the defaults. */
    static Server serveWith(List<String> jvmOptions, Path workDir, String... serveArguments) {
        List<String> args = new ArrayList<>(List.of("serve"));
        args.addAll(List.of(serveArguments));
        try {
            Process process = fulcrum(jvmOptions, workDir, args.toArray(String[]::new)).redirectErrorStream(true).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher matcher = SERVING.matcher(line);
                if (matcher.find()) {
                    StringBuffer output = new StringBuffer(seen);
                    Thread drain = new Thread(() -> {
                        try {
                            lines.lines().forEach(next -> output.append(next).append('\n'));
                        } catch (UncheckedIOException closed) {
                            // the process ended: what it printed is in the output
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(process, Integer.parseInt(matcher.group(1)), output);
                }
            }
            throw new AssertionError("fulcrum serve exited before serving:\n" + seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
