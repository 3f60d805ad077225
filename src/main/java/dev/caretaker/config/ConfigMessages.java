package dev.caretaker.config;

import java.util.Locale;

/** Sentences about settings that cannot be used; each names the key and where to fix it. */
public final class ConfigMessages {

    private ConfigMessages() {
    }

    /** The environment variable that sets a key, as Micronaut maps them: caretaker.probes.keep -> CARETAKER_PROBES_KEEP. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
    }

    /** A value that cannot be read as the setting's type (a duration, a number, …). */
    public static String wrongType(String key, String value, String type) {
        return "The setting `" + key + "` is `" + value + "`, which is not " + type + "; fix it in the configuration "
                + "file or in " + environmentVariable(key) + " (see config/caretaker.yml for its form).";
    }

    /** A value of the right type outside what works, e.g. "must be at least 1". */
    public static String invalid(String key, String problem) {
        return "The setting `" + key + "` " + problem + "; fix it in the configuration file or in "
                + environmentVariable(key) + ".";
    }
}
