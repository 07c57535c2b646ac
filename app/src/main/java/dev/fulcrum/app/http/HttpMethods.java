package dev.fulcrum.app.http;

import java.util.Set;

/**
 * The name a request's method is recorded under, in metrics, the audit log and the access log: a standard method's
 * own, else {@code OTHER}. Jetty lets any token through as a method (30 characters, 3,000): recorded as sent, one
 * would not fit the audit log's column (and with it the entry of every refusal gathered in that second would be
 * lost), and would fill log lines with what a client chose.
 */
public final class HttpMethods {
    private static final Set<String> STANDARD = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE", "CONNECT", "QUERY");
    private static final String OTHER = "OTHER";

    private HttpMethods() {
    }

    public static String named(String method) {
        return STANDARD.contains(method) ? method : OTHER;
    }
}
