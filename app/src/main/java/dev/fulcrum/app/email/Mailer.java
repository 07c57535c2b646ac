package dev.fulcrum.app.email;

/** Sends one plain-text e-mail; says how it went instead of throwing. */
public interface Mailer {

    /** What became of a message: the values of Pivot's {@code sendEmailStatus}. */
    enum Status {
        OK("ok"), FAILED("failed"), NOT_CONFIGURED("not-configured");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    Status send(String to, String subject, String text);

    /** The mailer when config.yaml has no {@code email:} section. */
    Mailer NOT_CONFIGURED = (to, subject, text) -> Status.NOT_CONFIGURED;
}
