package dev.fulcrum.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens H2 sessions without waiting for ever on another process. When another process has the database open (the
 * server, for a command of the CLI), H2 connects to that process's H2 server (AUTO_SERVER) and reads its answer with
 * no time limit: a process that is stopped ({@code kill -STOP}, a debugger) or stuck kept a command, or a second
 * server's start, waiting for ever without a word. Each session is opened on a thread of its own; while that thread
 * waits on the other process for longer than {@link #OTHER_PROCESS_WAIT}, the opening fails with a message that says
 * so. Opening the file in this process is never cut short, however long it takes (a large database's recovery).
 */
final class H2Connections {
    /** The other process's H2 server answers in milliseconds; a busy one within a second or two. */
    static final Duration OTHER_PROCESS_WAIT = Duration.ofSeconds(15);
    /**
     * Frames of a thread waiting on another process's H2 server: its lock's check of that server, or a session with it.
     * Every H2 session of an AUTO_SERVER URL starts as a remote one, which first tries to open the file in this
     * process ({@link #LOCAL_OPENING}, below it on the stack): that opening is this process's own work, never a wait.
     */
    private static final String CHECK_SERVER = "org.h2.store.FileLock.checkServer";
    private static final String REMOTE_SESSION = "org.h2.engine.SessionRemote.";
    private static final String LOCAL_OPENING = "org.h2.engine.Engine.";

    private H2Connections() {
    }

    static Connection open(String url, String user, String password) throws SQLException {
        Opening opening = new Opening(url, user, password);
        Thread opener = new Thread(opening, "fulcrum-h2-open");
        opener.setDaemon(true); // one left waiting on a stuck process does not keep a command's JVM alive
        opener.start();
        long waitedOnOther = 0;
        try {
            while (true) {
                long slice = 200;
                opener.join(slice);
                if (!opener.isAlive()) {
                    return opening.result();
                }
                waitedOnOther = waitingOnOtherProcess(opener.getStackTrace()) ? waitedOnOther + slice : 0;
                if (waitedOnOther >= OTHER_PROCESS_WAIT.toMillis()) {
                    opening.abandon();
                    throw new SQLException(otherProcessMessage(url, OTHER_PROCESS_WAIT), "08001");
                }
            }
        } catch (InterruptedException e) {
            opening.abandon();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while opening the state database", "08001", e);
        }
    }

    /** Whether a thread with this stack is waiting on another process's H2 server (not opening the file itself). */
    static boolean waitingOnOtherProcess(StackTraceElement[] stack) {
        boolean remote = false;
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName() + "." + frame.getMethodName();
            if (name.startsWith(CHECK_SERVER)) {
                return true;
            }
            if (name.startsWith(LOCAL_OPENING)) {
                return false; // opening the file here; a remote session's frames further down only called this
            }
            remote |= name.startsWith(REMOTE_SESSION);
        }
        return remote;
    }

    /** Names the other process's H2 server as its lock file gives it (H2 writes no process id there). */
    private static String otherProcessMessage(String url, Duration waited) {
        String file = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        Path lock = Path.of(file + ".lock.db");
        String server = "";
        try (InputStream in = Files.newInputStream(lock)) {
            Properties properties = new Properties();
            properties.load(in);
            String address = properties.getProperty("server");
            server = address == null ? "" : " (its H2 server at " + address + ", from " + lock + ")";
        } catch (IOException | IllegalArgumentException unreadable) {
            // the message stands without the address
        }
        return "another process has " + file + " open" + server + " and has not answered for " + waited.toSeconds()
                + " s; is that process (a fulcrum serve?) stopped or stuck? Let it go on, or stop it, and try again";
    }

    /** One session's opening, on its own thread; a session it makes after being abandoned is closed at once. */
    private static final class Opening implements Runnable {
        private final String url;
        private final String user;
        private final String password;
        private final AtomicBoolean abandoned = new AtomicBoolean();
        private volatile Connection connection;
        private volatile SQLException failure;
        private volatile Throwable crash;

        Opening(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public void run() {
            try {
                Connection opened = DriverManager.getConnection(url, user, password);
                connection = opened;
                if (abandoned.get()) {
                    opened.close();
                }
            } catch (SQLException e) {
                failure = e;
            } catch (RuntimeException | Error e) {
                crash = e;
            }
        }

        void abandon() {
            abandoned.set(true);
            Connection opened = connection;
            if (opened != null) {
                try {
                    opened.close();
                } catch (SQLException ignored) {
                    // nobody takes it
                }
            }
        }

        Connection result() throws SQLException {
            if (failure != null) {
                throw failure;
            }
            if (crash instanceof RuntimeException e) {
                throw e;
            }
            if (crash != null) {
                throw (Error) crash;
            }
            return connection;
        }
    }
}
