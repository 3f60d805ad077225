package dev.caretaker.target.postgres;

/** What is wrong with the settings of a PostgreSQL target and its retention rules. */
final class PostgresMessages {

    private PostgresMessages() {
    }

    static String settingTooSmall(String key, int min) {
        return "`" + key + "` must be at least " + min;
    }

    static String retentionNotAList() {
        return "`retention` must be a list of rules, each with table, column and keep";
    }

    static String retentionRuleIncomplete(String table) {
        return "a retention rule" + (table == null ? "" : " for `" + table + "`")
                + " needs table, column and keep (a duration like 90d)";
    }

    static String retentionKeepInvalid(String table) {
        return "the retention rule for `" + table + "` needs keep as a positive duration like 30d or 90d";
    }

    static String retentionWhereHasSemicolon(String table) {
        return "the retention rule for `" + table + "` has a `;` in where; where takes one condition, such as "
                + "status = 'done'";
    }
}
