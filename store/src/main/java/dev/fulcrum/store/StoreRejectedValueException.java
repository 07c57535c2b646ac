package dev.fulcrum.store;

/**
 * Thrown when the database refuses a value it cannot store or compare, such as the character U+0000 in
 * PostgreSQL text, or a time outside its range: bad input, not a fault.
 */
public final class StoreRejectedValueException extends RuntimeException {
    public StoreRejectedValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
