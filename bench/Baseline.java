import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The trivial counterparts of Fulcrum's workloads, for a same-run baseline (not part of the product):
 * GET checks a header and returns a constant document; POST parses the body and echoes it.
 * Usage: java -cp app/target/fulcrum.jar bench/Baseline.java PORT ONE_DOC_FILE LIST_DOC_FILE
 */
public class Baseline {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        byte[] one = Files.readAllBytes(Path.of(args[1]));
        byte[] list = Files.readAllBytes(Path.of(args[2]));
        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/trivial/one", ctx -> {
                if (!"good".equals(ctx.header("x-imply-api-token"))) {
                    ctx.status(401).contentType("application/json").result("{\"error\":\"invalid API token\"}");
                    return;
                }
                ctx.contentType("application/json").result(one);
            });
            config.routes.get("/trivial/list", ctx -> {
                if (!"good".equals(ctx.header("x-imply-api-token"))) {
                    ctx.status(401).contentType("application/json").result("{\"error\":\"invalid API token\"}");
                    return;
                }
                ctx.contentType("application/json").result(list);
            });
            config.routes.post("/trivial/echo", ctx -> {
                JsonNode body = mapper.readTree(ctx.bodyAsBytes());
                ctx.contentType("application/json").result(mapper.writeValueAsBytes(body));
            });
        }).start(Integer.parseInt(args[0]));
    }
}
