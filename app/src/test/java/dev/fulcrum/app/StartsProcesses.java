package dev.fulcrum.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts Fulcrum in processes of its own ({@link Processes}): it runs after {@code package}, on
 * the jar and class data sharing archive the build ships, through {@code bin/fulcrum} (app/pom.xml, the
 * {@code processes} executions). The tests before {@code package} have neither, and {@link Processes} refuses to
 * run there.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("processes")
@interface StartsProcesses {
}
