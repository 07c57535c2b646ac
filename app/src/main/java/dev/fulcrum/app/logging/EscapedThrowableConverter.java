package dev.fulcrum.app.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %safeThrowable} in {@link LogSetup}: a stack trace as logback prints it, one frame a line, with the messages
 * of the exception, its causes and its suppressed exceptions escaped as {@link LogText} says (a message may quote
 * what a client sent).
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return super.throwableProxyToString(new Escaped(throwable));
    }

    /** The same throwable, its messages escaped. */
    private record Escaped(IThrowableProxy original) implements IThrowableProxy {
        private static IThrowableProxy of(IThrowableProxy throwable) {
            return throwable == null ? null : new Escaped(throwable);
        }

        @Override
        public String getOverridingMessage() {
            return LogText.escape(original.getOverridingMessage());
        }

        @Override
        public String getMessage() {
            return LogText.escape(original.getMessage());
        }

        @Override
        public String getClassName() {
            return original.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return original.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return original.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return of(original.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = original.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                escaped[i] = of(suppressed[i]);
            }
            return escaped;
        }

        @Override
        public boolean isCyclic() {
            return original.isCyclic();
        }
    }
}
