package dev.fulcrum.app.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * {@code sun.misc.Signal.handle(new Signal(name), handler)}, called through reflection: javac warns about every
 * direct use of that API (it is in jdk.unsupported, supported all the same since JDK 9), and no
 * {@code @SuppressWarnings} silences the warning, which a clean build must not print.
 */
final class Signals {
    private Signals() {
    }

    /** Runs {@code action} on a new thread named {@code thread} whenever the process receives {@code signal}. */
    static void handle(String signal, String thread, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            new Thread(action, thread).start();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "signal handler for " + signal;
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            handle.invoke(null, signalClass.getConstructor(String.class).newInstance(signal), handler);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
            throw new IllegalStateException("cannot handle SIG" + signal + ": " + cause, cause);
        }
    }
}
