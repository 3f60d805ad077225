package dev.caretaker;

import static dev.caretaker.reply.Format.echo;

/** What the command line prints: usage, modes, one-shot runs and the configuration check. */
final class CliMessages {

    private CliMessages() {
    }

    static String cliUsage() {
        return String.join("\n",
                "Usage: java -jar caretaker.jar [mode]",
                "  (no mode)              serve: HTTP endpoints, chat adapters, schedules",
                "  console                serve and open an interactive console",
                "  run \"<command>\" [--yes] run one command and exit (0 ok, 1 failed, 2 usage or denied, 3 config)",
                "  check-config           validate configuration and commands/*.yml, then exit");
    }

    static String cliUnknownMode(String mode) {
        return "Unknown mode `" + echo(mode) + "`; use console, run \"<command>\", check-config, or no mode to serve.";
    }

    static String cliRunNeedsCommand() {
        return "`run` needs a command, for example: run \"status\".";
    }

    static String configOk(int commands) {
        return "Configuration OK: " + commands + " commands.";
    }

    static String approvalNeverSkipped() {
        return "This command needs a second person's approval, which a one-shot run cannot get; run it from chat "
                + "or the console.";
    }

    static String confirmWithYes(String commandLine) {
        return "`" + commandLine + "` needs confirmation; run it again with --yes to confirm.";
    }
}
