package dev.fulcrum.app.http;

import dev.fulcrum.model.InvalidException;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters a write takes, declared beside its route: any other, or one given twice, is a 400 before the
 * route does anything. A misspelled option of a write ({@code ?dryrun=true}, {@code ?dry_run=true}) would otherwise
 * be ignored and the dry run the caller asked for would be a real change; {@code ?dryRun=false&dryRun=true} would be
 * whichever the server read first. {@code ?pretty} is taken everywhere. A {@code Fulcrum-Dry-Run} request header
 * (the name of the answer's marker) is refused too, rather than ignored.
 */
final class QueryParameters {
    private static final String PRETTY = "pretty";

    private QueryParameters() {
    }

    /** {@code handler}, run only when the request's query parameters are among {@code names} (and pretty), each once. */
    static Handler only(Handler handler, String... names) {
        Set<String> taken = new TreeSet<>(List.of(names));
        taken.add(PRETTY);
        String listed = String.join(", ", taken);
        return ctx -> {
            if (ctx.header(Conditions.DRY_RUN_HEADER) != null) { // the answer's marker, sent as if it asked for one
                throw new InvalidException("the " + Conditions.DRY_RUN_HEADER + " header marks answers; a dry run is asked"
                        + " with ?dryRun=true, so this request was not run");
            }
            for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
                String name = parameter.getKey();
                if (name.isEmpty()) {
                    throw new InvalidException("the query has a parameter without a name (a stray & or =); so it was not run");
                }
                if (!taken.contains(name)) {
                    throw new InvalidException(name.toLowerCase(Locale.ROOT).contains("passphrase")
                            ? "a passphrase must not be in the URL, where logs and histories keep it; send it in the "
                            + BundleHandler.PASSPHRASE_HEADER + " header"
                            : "unknown query parameter '" + clip(name) + "'; this request takes " + listed
                            + " (names are case-sensitive), so it was not run");
                }
                if (parameter.getValue().size() > 1) {
                    throw new InvalidException("give the query parameter '" + name + "' once, not "
                            + parameter.getValue().size() + " times");
                }
            }
            handler.handle(ctx);
        };
    }

    /** What the client sent in a query, shortened for an error message: the client knows what it sent. */
    static String clip(String name) {
        return name.length() <= 60 ? name : name.substring(0, 60) + "...";
    }
}
