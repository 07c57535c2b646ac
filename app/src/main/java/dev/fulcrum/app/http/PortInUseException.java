package dev.fulcrum.app.http;

/** Thrown when the HTTP port is taken by another process; the server then starts nothing. */
public final class PortInUseException extends RuntimeException {
    public PortInUseException(int port) {
        super("port " + port + " is already in use by another process: stop it, or give Fulcrum another port"
                + " (serve --port N, or 'port' in config.yaml)");
    }
}
