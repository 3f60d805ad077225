package dev.caretaker;

import static dev.caretaker.reply.Format.echo;

/** Why Caretaker could not start, in one sentence that names the setting to fix. */
final class StartupMessages {

    private StartupMessages() {
    }

    static String startupFailed(String reason) {
        return "Caretaker could not start: " + reason;
    }

    static String configFileNotYaml(String files, int line, String problem) {
        String where = line > 0 ? " at line " + line : "";
        return "`" + files + "` is not valid YAML" + where + " (" + problem + "); check the indentation and quotes"
                + " there.";
    }

    static String configFileUnreadable(String file) {
        return "The configuration file `" + file + "` does not exist or cannot be read; fix the path in "
                + "MICRONAUT_CONFIG_FILES.";
    }

    static String badServerPort(String port) {
        return "MICRONAUT_SERVER_PORT (micronaut.server.port) must be a port number from 0 to 65535 (got `" + echo(port)
                + "`); set it to a free port such as 8080.";
    }

    static String settingHasWrongType(String key, String environmentVariable) {
        return "The setting `" + key + "` has a value of the wrong type; fix it in the configuration file or in "
                + environmentVariable + " (see config/caretaker.yml for its form).";
    }

    static String portInUse(String port) {
        return "Port " + port + " is already in use; stop what listens there or set MICRONAUT_SERVER_PORT to a free port.";
    }

    static String databaseUnreachableAtStart(String reason) {
        return "Caretaker cannot connect to its database (" + reason + "); check that PostgreSQL runs and that "
                + "DATASOURCES_DEFAULT_URL, _USERNAME and _PASSWORD are right, or unset DATASOURCES_DEFAULT_URL to use "
                + "the embedded one.";
    }

    static String redisUnreachable(String address, String reason) {
        return "Caretaker cannot connect to Redis at " + address + " (" + reason + "); start Redis or fix REDIS_URI, "
                + "or unset REDIS_URI to run a single replica with the in-memory coordinator.";
    }

    static String redisUriInvalid() {
        return "REDIS_URI is not a valid Redis URI; write it like redis://host:6379 (or rediss://user:password@host:6380).";
    }
}
