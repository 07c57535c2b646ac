package dev.fulcrum.app.web;

import dev.fulcrum.store.TokenRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The HTML pieces of the API tokens page; every value that came from outside is escaped. */
final class TokensPageHtml {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private TokensPageHtml() {
    }

    static String noPermission() {
        return """
                <section class="card" id="no-permission">
                <h2>You cannot manage API tokens</h2>
                <p>None of your roles grants the <strong>ManageApiTokens</strong> permission, so you can neither see nor
                create tokens here. Ask an administrator to add it to one of your roles, then reload this page.</p>
                </section>
                """;
    }

    static String created(String name, String raw) {
        return """
                <section class="card success" id="created">
                <h2>Token '%s' is ready</h2>
                <p><strong>Copy it now.</strong> It is stored only as a hash and will never be shown again.</p>
                <div class="copy-row">
                <input id="new-token" class="mono" type="text" readonly value="%s" aria-label="The new API token">
                <button type="button" class="primary" id="copy-token" data-copy="new-token">Copy</button>
                </div>
                <p class="muted small" id="copy-status" role="status"></p>
                </section>
                """.formatted(Html.escape(name), Html.escape(raw));
    }

    static String createForm(String csrf, List<String> roles, List<String> lifetimes, Map<String, String> values,
                             Map<String, String> errors) {
        StringBuilder roleOptions = new StringBuilder();
        String chosenRole = values.getOrDefault("role", roles.contains("super-admin") ? "super-admin" : "");
        for (String role : roles) {
            roleOptions.append(option(role, role, role.equals(chosenRole)));
        }
        StringBuilder lifetimeOptions = new StringBuilder();
        String chosenLifetime = values.getOrDefault("expiresIn", lifetimes.contains("30d") ? "30d" : lifetimes.get(0));
        for (String lifetime : lifetimes) {
            lifetimeOptions.append(option(lifetime, label(lifetime), lifetime.equals(chosenLifetime)));
        }
        return """
                <section class="card" id="create">
                <h2>Create a token</h2>
                <form method="post" action="/ui/tokens" class="form grid" id="create-form" novalidate>
                %s
                <div class="field">
                <label for="name">Name</label>
                <input id="name" name="name" type="text" maxlength="200" placeholder="e.g. grafana-prod" value="%s"%s>
                %s
                </div>
                <div class="field">
                <label for="role">Role</label>
                <select id="role" name="role"%s>%s</select>
                %s
                </div>
                <div class="field">
                <label for="expiresIn">Expires</label>
                <select id="expiresIn" name="expiresIn"%s>%s</select>
                %s
                </div>
                <div class="field actions"><button type="submit" class="primary" id="create-token">Create token</button></div>
                </form>
                </section>
                """.formatted(Html.csrfField(csrf), Html.escape(values.getOrDefault("name", "")), invalid(errors, "name"),
                Html.fieldError("name", errors.get("name")), invalid(errors, "role"), roleOptions,
                Html.fieldError("role", errors.get("role")), invalid(errors, "expiresIn"), lifetimeOptions,
                Html.fieldError("expiresIn", errors.get("expiresIn")));
    }

    static String list(List<TokenRecord> tokens, String csrf, Predicate<TokenRecord> expired) {
        if (tokens.isEmpty()) {
            return "<section class=\"card\" id=\"tokens\"><h2>Your tokens</h2><p class=\"muted\" id=\"no-tokens\">"
                    + "You have no active tokens yet.</p></section>\n";
        }
        StringBuilder rows = new StringBuilder();
        for (TokenRecord token : tokens) {
            rows.append("<tr data-token=\"").append(Html.escape(token.name())).append("\"><td class=\"mono\">")
                    .append(Html.escape(token.name())).append("</td><td>").append(Html.escape(token.roleName()))
                    .append("</td><td>").append(when(token.createdAt(), "")).append("</td><td>")
                    .append(expired.test(token) ? "<span class=\"tag danger\">expired</span> " : "")
                    .append(when(token.expiresAt(), "never")).append("</td><td>").append(when(token.lastUsedAt(), "never"))
                    .append("</td><td class=\"right\"><form method=\"post\" class=\"inline\" action=\"/ui/tokens/")
                    .append(Html.escape(URLEncoder.encode(token.name(), StandardCharsets.UTF_8)))
                    .append("/revoke\" data-confirm=\"Revoke token '").append(Html.escape(token.name()))
                    .append("'? Scripts that use it will stop working.\">").append(Html.csrfField(csrf))
                    .append("<button type=\"submit\" class=\"danger small\">Revoke</button></form></td></tr>\n");
        }
        return """
                <section class="card" id="tokens">
                <h2>Your tokens</h2>
                <div class="table-wrap"><table>
                <thead><tr><th>Name</th><th>Role</th><th>Created</th><th>Expires</th><th>Last used</th><th></th></tr></thead>
                <tbody>
                %s</tbody>
                </table></div>
                <p class="muted small">Last used is recorded at most once a minute.</p>
                </section>
                """.formatted(rows);
    }

    private static String option(String value, String label, boolean selected) {
        return "<option value=\"" + Html.escape(value) + "\"" + (selected ? " selected" : "") + ">" + Html.escape(label) + "</option>";
    }

    private static String invalid(Map<String, String> errors, String field) {
        return errors.containsKey(field) ? " aria-invalid=\"true\" aria-describedby=\"" + field + "-error\"" : "";
    }

    private static String label(String lifetime) {
        return switch (lifetime) {
            case "never" -> "Never";
            case "7d" -> "In 7 days";
            case "30d" -> "In 30 days";
            case "90d" -> "In 90 days";
            case "365d" -> "In 1 year";
            default -> "In " + lifetime;
        };
    }

    private static String when(Instant instant, String absent) {
        return instant == null ? Html.escape(absent) : "<time datetime=\"" + instant + "\">" + WHEN.format(instant) + "</time>";
    }
}
