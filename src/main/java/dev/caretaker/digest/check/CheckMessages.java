package dev.caretaker.digest.check;

import java.time.Duration;
import java.util.List;

import static dev.caretaker.reply.Format.human;

/** What a checklist item's automatic check found. */
final class CheckMessages {

    private CheckMessages() {
    }

    static String checkNoPostgres() {
        return "no PostgreSQL target to check";
    }

    static String checkVacuumRan(int targets) {
        return "every table with dead rows was vacuumed in the last 7 days (" + targets
                + (targets == 1 ? " database" : " databases") + ")";
    }

    static String checkVacuumMissing(List<String> tables) {
        return "not vacuumed for 7 days: " + String.join(", ", tables.subList(0, Math.min(5, tables.size())))
                + (tables.size() > 5 ? " and " + (tables.size() - 5) + " more" : "") + " (`db vacuum`)";
    }

    static String checkNoUnusedIndexes(int targets) {
        return "every index was used since statistics were reset (" + targets
                + (targets == 1 ? " database" : " databases") + ")";
    }

    static String checkUnusedIndexes(List<String> indexes) {
        return "never used: " + String.join(", ", indexes.subList(0, Math.min(5, indexes.size())))
                + (indexes.size() > 5 ? " and " + (indexes.size() - 5) + " more" : "") + " (`db indexes`)";
    }

    static String checkNoLongTransactions(Duration limit) {
        return "no transaction open for " + human(limit) + " or more";
    }

    static String checkLongTransactions(List<String> targets) {
        return "long transactions on " + String.join(", ", targets) + " (`db queries`)";
    }

    static String checkNoTlsTargets() {
        return "no tls target to check";
    }

    static String checkCertificatesOk(int count, int days) {
        return count + (count == 1 ? " certificate" : " certificates") + " valid for more than " + days + " days";
    }

    static String checkCertificatesSoon(List<String> targets, int days) {
        return "expiring within " + days + " days: " + String.join(", ", targets);
    }
}
