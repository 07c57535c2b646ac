package dev.fulcrum.app;

import dev.fulcrum.app.tokens.TokenService;

/** Reaches into a running test server for what a CLI user could do beside it. */
final class AppAccess {
    private AppAccess() {
    }

    static TokenService tokens(TestServer server) {
        return server.tokenService();
    }
}
