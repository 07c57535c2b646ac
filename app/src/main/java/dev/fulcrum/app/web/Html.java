package dev.fulcrum.app.web;

import io.javalin.http.Context;

/** The page frame every screen shares, and escaping for what goes into it. */
final class Html {
    private Html() {
    }

    /** Text made safe for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A hidden field carrying the form's CSRF token. */
    static String csrfField(String token) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(token) + "\">";
    }

    /**
     * Sends a whole page. Pages are never cached (one may show a raw token), may not be framed, and may run
     * only the scripts and styles Fulcrum serves itself.
     */
    static void send(Context ctx, int status, String title, String headerRight, String body) {
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.contentType("text/html; charset=utf-8");
        ctx.result("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Fulcrum</title>
                <link rel="stylesheet" href="/ui/assets/app.css">
                <script src="/ui/assets/app.js" defer></script>
                </head>
                <body>
                <header class="topbar"><div class="wrap">
                <a class="brand" href="/ui/tokens"><span class="logo">◆</span> Fulcrum</a>
                <div class="topbar-right">%s</div>
                </div></header>
                <main class="wrap">
                %s
                </main>
                <footer class="wrap footer">Fulcrum admin API · <a href="/api/v1/openapi.json">API description</a></footer>
                </body>
                </html>
                """.formatted(escape(title), headerRight, body));
    }

    /** A field's error, shown right under it; nothing when there is none. */
    static String fieldError(String id, String message) {
        return message == null ? "" : "<p class=\"field-error\" id=\"" + id + "-error\" role=\"alert\">" + escape(message) + "</p>";
    }
}
