package dev.fulcrum.app.http;

import dev.fulcrum.model.Kinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the API description a server of the standard kinds serves at {@code GET /api/v1/openapi.json} to a file,
 * without starting a server: {@code client-test/pom.xml} generates its client from it at build time, and
 * {@code .ci/openapi-lint} lints it. {@code GeneratedClientTest} checks that a real server serves the same bytes.
 */
public final class OpenApiFile {
    private OpenApiFile() {
    }

    /** {@code args[0]}: the file to write (its folder is created). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: OpenApiFile <file to write>");
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(file.getParent());
        ListIncludes includes = ListIncludes.standard(names -> {
            throw new IllegalStateException("a description lists no documents");
        });
        Files.writeString(file, OpenApiDocument.build(Kinds.STANDARD.all(), includes));
    }
}
