package dev.fulcrum.model.kinds;

import dev.fulcrum.model.ResourceStrategy;
import java.util.Set;

/** Users: a creation may ask for a welcome e-mail beside the document. */
public final class UserStrategy implements ResourceStrategy {

    @Override
    public Set<String> requestOptions() {
        return Set.of("sendWelcomeEmail");
    }
}
