package dev.fulcrum.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the bundle passphrase comes from: stdin or an environment variable, never the command line (ps shows it). */
final class PassphraseOption {
    @Option(names = "--passphrase-stdin", description = "Read the passphrase from the first line of stdin.")
    boolean fromStdin;
    @Option(names = "--passphrase-env", paramLabel = "VAR", description = "Read the passphrase from this environment variable.")
    String environmentVariable;

    boolean given() {
        return fromStdin || environmentVariable != null;
    }

    /** The passphrase, or a usage error naming what is missing. */
    String read(CommandLine commandLine) {
        if (fromStdin && environmentVariable != null) {
            throw new CommandLine.ParameterException(commandLine, "give --passphrase-stdin or --passphrase-env, not both");
        }
        if (environmentVariable != null) {
            String value = System.getenv(environmentVariable);
            if (value == null) {
                throw new CommandLine.ParameterException(commandLine, "--passphrase-env names " + environmentVariable
                        + ", which is not set");
            }
            return value;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new CommandLine.ParameterException(commandLine, "--passphrase-stdin: stdin is empty");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
