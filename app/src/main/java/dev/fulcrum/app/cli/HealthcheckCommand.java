package dev.fulcrum.app.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** For a container's HEALTHCHECK where the image has no shell and no curl: only the JVM and Fulcrum. */
@Command(name = "healthcheck", mixinStandardHelpOptions = true,
        description = {"Asks the server on this machine for a probe (GET http://127.0.0.1:PORT/PATH) and exits 0 when it",
                "answers 2xx, 1 otherwise (not answering within 2 seconds, or another status), as a HEALTHCHECK expects."})
final class HealthcheckCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "The server's port (default: the config's 'port').")
    Integer port;
    @Option(names = "--path", paramLabel = "PATH", defaultValue = "/health",
            description = "The probe to ask (default: ${DEFAULT-VALUE}).")
    String path;
    @Mixin
    ConfigOption config;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!path.startsWith("/")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--path must start with /");
        }
        int target = port != null ? port : config.load().port;
        URI uri = URI.create("http://127.0.0.1:" + target + path);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            spec.commandLine().getOut().println(answer.statusCode() + " " + answer.body());
            spec.commandLine().getOut().flush();
            return answer.statusCode() / 100 == 2 ? 0 : 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("unhealthy: " + uri + " did not answer: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
