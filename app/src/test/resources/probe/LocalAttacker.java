import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * What another user of the machine tries, run by OtherOsUserTest as nobody with java's source launcher.
 * Each argument is "read|FILE" or "open|JDBC-URL|USER|PASSWORD"; each prints one line that says what happened.
 */
public class LocalAttacker {
    public static void main(String[] args) {
        for (String arg : args) {
            String[] part = arg.split("\\|", -1);
            if (part[0].equals("read")) {
                try {
                    Files.readAllBytes(Path.of(part[1]));
                    System.out.println("READ " + part[1]);
                } catch (Exception e) {
                    System.out.println("DENIED " + part[1] + ": " + e);
                }
            } else {
                try {
                    DriverManager.getConnection(part[1], part[2], part[3]).close();
                    System.out.println("OPENED " + part[1] + " as " + part[2]);
                } catch (SQLException e) {
                    System.out.println("REFUSED " + part[1] + " as " + part[2] + ": " + e.getErrorCode() + " "
                            + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
    }
}
