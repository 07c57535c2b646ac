package dev.fulcrum.app;

import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A visitor of the API tokens page with its own cookies, as a browser would keep them. */
final class PageVisitor {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final TestServer server;
    final Map<String, String> cookies = new HashMap<>();
    String csrf;

    PageVisitor(TestServer server) {
        this.server = server;
    }

    Response get(String path) {
        return remember(server.anonymous().redirects().follow(false).cookies(cookies).get(path));
    }

    Response post(String path, String... form) {
        var request = server.anonymous().redirects().follow(false).cookies(cookies).contentType("application/x-www-form-urlencoded");
        for (int i = 0; i < form.length; i += 2) {
            request = request.formParam(form[i], form[i + 1]);
        }
        return remember(request.post(path));
    }

    Response signIn(String user, String password) {
        get("/ui/sign-in");
        return post("/ui/sign-in", "user", user, "password", password, "csrf", csrf);
    }

    private Response remember(Response response) {
        response.getDetailedCookies().asList().forEach(cookie -> {
            if (cookie.getValue().isEmpty()) {
                cookies.remove(cookie.getName());
            } else {
                cookies.put(cookie.getName(), cookie.getValue());
            }
        });
        Matcher matcher = CSRF.matcher(response.asString());
        if (matcher.find()) {
            csrf = matcher.group(1);
        }
        return response;
    }
}
