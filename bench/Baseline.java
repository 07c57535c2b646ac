import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trivial counterparts of Fulcrum's workloads, for a same-run baseline (not part of the product):
 * GET /trivial/NAME checks a header and returns a constant document; POST /trivial/echo parses the body and
 * echoes it.
 * Usage: java -cp app/target/fulcrum.jar bench/Baseline.java PORT NAME=DOC_FILE...
 */
public class Baseline {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, byte[]> documents = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] nameAndFile = args[i].split("=", 2);
            documents.put(nameAndFile[0], Files.readAllBytes(Path.of(nameAndFile[1])));
        }
        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            documents.forEach((name, document) -> config.routes.get("/trivial/" + name, ctx -> {
                if (!"good".equals(ctx.header("x-imply-api-token"))) {
                    ctx.status(401).contentType("application/json").result("{\"error\":\"invalid API token\"}");
                    return;
                }
                ctx.contentType("application/json").result(document);
            }));
            config.routes.post("/trivial/echo", ctx -> {
                JsonNode body = mapper.readTree(ctx.bodyAsBytes());
                ctx.contentType("application/json").result(mapper.writeValueAsBytes(body));
            });
        }).start(Integer.parseInt(args[0]));
    }
}
