package dev.fulcrum.app.connections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * A JDBC connection and a ping to PostgreSQL or MySQL/MariaDB. The driver gets the validated host, port,
 * database and user through its property API, never pasted into a URL, so none of them can add a driver option
 * (another host, a local socket, a socket factory). Its sockets come from {@link ProbeSocketFactory}.
 */
final class DatabaseProbe {

    private DatabaseProbe() {
    }

    /** The database's version (unchecked), or an exception the tester classifies. */
    static String ping(Probe probe, ObjectNode connection, String type) throws Exception {
        int millis = probe.remainingMillis();
        int seconds = Math.max(1, millis / 1000);
        try (Connection jdbc = type.equals("postgres") ? postgres(connection, seconds) : mariadb(connection, millis)) {
            if (!jdbc.isValid(seconds)) {
                throw new ProbeFailure(ProbeFailure.Reason.UNEXPECTED);
            }
            return jdbc.getMetaData().getDatabaseProductVersion();
        }
    }

    private static String host(ObjectNode connection) {
        String host = connection.path("host").asText();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static Connection postgres(ObjectNode connection, int seconds) throws SQLException {
        Properties properties = new Properties();
        PGProperty.PG_HOST.set(properties, host(connection));
        PGProperty.PG_PORT.set(properties, connection.path("port").asInt(5432));
        PGProperty.PG_DBNAME.set(properties, connection.path("database").asText());
        PGProperty.USER.set(properties, connection.path("user").asText());
        PGProperty.PASSWORD.set(properties, connection.path("password").asText(""));
        PGProperty.SSL_MODE.set(properties, connection.path("ssl").asBoolean(false) ? "require" : "disable");
        PGProperty.GSS_ENC_MODE.set(properties, "disable");
        PGProperty.CONNECT_TIMEOUT.set(properties, seconds);
        PGProperty.SOCKET_TIMEOUT.set(properties, seconds);
        // loginTimeout 0, whatever DriverManager's global one: with one the driver connects in a thread of its
        // own, outside the probe's pool (and without the probe, so the socket factory would refuse it)
        PGProperty.LOGIN_TIMEOUT.set(properties, 0);
        PGProperty.SOCKET_FACTORY.set(properties, ProbeSocketFactory.class.getName());
        PGProperty.APPLICATION_NAME.set(properties, "Fulcrum connection test");
        return new Driver().connect("jdbc:postgresql://", properties);
    }

    private static Connection mariadb(ObjectNode connection, int millis) throws SQLException {
        // the driver's defaults come only with a parsed configuration (a bare Builder leaves some unset), so a
        // constant URL is parsed, and every value of the connection is then set through the Builder
        Configuration configuration = Configuration.parse("jdbc:mariadb://localhost/", new Properties()).toBuilder()
                .addresses(HostAddress.from(host(connection), connection.path("port").asInt(3306)))
                .database(connection.path("database").asText())
                .user(connection.path("user").asText())
                .password(connection.path("password").asText(""))
                .sslMode(connection.path("ssl").asBoolean(false) ? "trust" : "disable")
                .connectTimeout(millis)
                .socketTimeout(millis)
                .socketFactory(ProbeSocketFactory.class.getName())
                .permitRedirect(false) // a server could otherwise send the client, and its password, elsewhere
                .allowLocalInfile(false)
                .retriesAllDown(1)
                .build();
        return org.mariadb.jdbc.Driver.connect(configuration);
    }
}
