package io.gatehouse.backup.bucket;

/** Something read back from the bucket is not what a backup wrote: nothing of it may reach Cassandra. */
public final class InvalidBackup extends RuntimeException {
    public InvalidBackup(String message) {
        super(message);
    }
}
