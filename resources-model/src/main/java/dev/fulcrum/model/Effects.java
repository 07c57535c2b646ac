package dev.fulcrum.model;

/**
 * What a kind's after-commit hook ({@link ResourceStrategy#afterCommit}) may do beyond the store: the services
 * the server provides, as the model sees them. The CLI provides {@link #NONE}: it sends no e-mail and monitors
 * no connection.
 */
public interface Effects {
    Effects NONE = new Effects() {
        @Override
        public String mail(String to, String subject, String text) {
            return MAIL_NOT_CONFIGURED;
        }

        @Override
        public void restartMonitoring(String connection) {
        }
    };

    /** {@link #mail}'s answer when no mail server is configured. */
    String MAIL_NOT_CONFIGURED = "not-configured";

    /** Sends an e-mail; answers {@code ok}, {@code failed} or {@link #MAIL_NOT_CONFIGURED}, never throws. */
    String mail(String to, String subject, String text);

    /** Starts watching the connection of that name again, from its stored version. */
    void restartMonitoring(String connection);
}
