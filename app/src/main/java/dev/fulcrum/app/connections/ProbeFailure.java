package dev.fulcrum.app.connections;

/**
 * Thrown when a probe fails, with one of a few fixed reasons. A probe never reports what a target said:
 * were refused, timed out, TLS and "not HTTP" told apart, the connection test would be a port scanner.
 */
final class ProbeFailure extends Exception {
    /** The fixed failure classes; their texts are what clients see. */
    enum Reason {
        /** connectionTests.allow / deny forbid an address the host resolves to; no socket was opened. */
        BLOCKED("blocked by connectionTests policy"),
        /** Nothing that speaks the connection's protocol answered in time (refused, timed out, TLS, another protocol). */
        UNREACHABLE("unreachable"),
        /** The database answered and refused the user name or password. */
        AUTHENTICATION("authentication failed"),
        /** The database answered with another error (say, an unknown database). */
        UNEXPECTED("unexpected response"),
        /** Every probe thread of the server was busy until the deadline: the target was not tried. */
        BUSY("not tested: too many probes running");

        final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    final Reason reason;

    ProbeFailure(Reason reason) {
        super(reason.text, null, false, false);
        this.reason = reason;
    }
}
