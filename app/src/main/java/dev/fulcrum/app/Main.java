package dev.fulcrum.app;

import dev.fulcrum.app.cli.FulcrumCommand;

/** {@code java -jar fulcrum.jar serve | token ... | user ... | export | import}: see {@code FulcrumCommand}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(FulcrumCommand.commandLine(args).execute(args));
    }
}
