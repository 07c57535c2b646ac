package dev.fulcrum.model.kinds;

/** The {@code {access, users}} objects that alerts and reports use for recipients and admins. */
final class Audiences {
    private Audiences() {
    }

    static void check(Fields fields, String field) {
        fields.nested(field, false, audience -> {
            audience.string("access");
            audience.strings("users", false);
        });
    }
}
