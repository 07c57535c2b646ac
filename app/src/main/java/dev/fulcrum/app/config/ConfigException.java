package dev.fulcrum.app.config;

/** Thrown when the configuration cannot be used; the message names the key at fault. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
