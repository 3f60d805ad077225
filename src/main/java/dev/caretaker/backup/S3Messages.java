package dev.caretaker.backup;

/**
 * What the S3-compatible storage says when a bucket cannot be written or read. Each phrase ends up inside a backup
 * sentence of {@link BackupMessages} ("could not be written to its storage (…)"), so it names the service's answer,
 * never an exception's text or a credential.
 */
public final class S3Messages {

    private S3Messages() {
    }

    /** The service answered with an error: its HTTP status and S3 error code, e.g. 403 AccessDenied. */
    public static String answered(String where, int status, String code) {
        return where + " answered " + status + (code == null || code.isBlank() ? "" : " " + code);
    }

    public static String noSuchBucket(String where) {
        return where + ": the bucket does not exist; create it, or correct bucket in the storage's settings";
    }

    public static String accessDenied(String where) {
        return where + " refused the keys (access denied); check the storage's access-key-id and secret-access-key, "
                + "or the bucket's policy";
    }

    public static String unreachable(String where) {
        return where + " could not be reached; check the storage's endpoint and the network";
    }

    public static String noCredentials(String storage) {
        return "storage " + storage + " has no keys: set its access-key-id and secret-access-key, or give the AWS "
                + "SDK's default chain some (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role)";
    }

    public static String tooManyParts(String storage, int parts, long partSize) {
        return "the backup outgrew " + parts + " parts of " + BackupMessages.size(partSize) + ", the most one S3 object "
                + "may have; raise part-size of storage " + storage;
    }
}
