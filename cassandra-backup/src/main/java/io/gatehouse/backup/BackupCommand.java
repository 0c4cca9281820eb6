package io.gatehouse.backup;

import io.gatehouse.backup.bucket.BackupStore;
import io.gatehouse.backup.node.CassandraJmx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Snapshots this node's keyspaces and stores the snapshot in the bucket: files an earlier backup stored are not sent again.",
                "With --keep, then removes this node's older backups and the files only they held."})
final class BackupCommand implements Callable<Integer> {
    @Mixin
    NodeOptions options;

    @Option(names = "--keep", paramLabel = "N", description = "after the backup, keep this node's newest N backups and remove older ones (default: remove none)")
    Integer keep;

    @Override
    public Integer call() {
        if (keep != null && keep < 1) {
            throw new Usage("--keep must be at least 1, not " + keep);
        }
        BackupStore store = options.store();
        try (CassandraJmx node = options.node()) {
            long started = System.nanoTime();
            Backup.Result result = new Backup(node, store, System.err).run(options.keyspaces);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf(Locale.ROOT, "backup %s of host %s: %d tables, %d files, %s (%d files, %s uploaded) in %.1f s%n",
                    result.manifest().name(), result.manifest().hostId(), result.manifest().tables().size(), result.manifest().fileCount(),
                    Progress.mib(result.manifest().bytes()), result.uploadedFiles(), Progress.mib(result.uploadedBytes()), took.toMillis() / 1000.0);
            if (keep != null) {
                BackupStore.Node where = new BackupStore.Node(result.manifest().cluster(), result.manifest().hostId());
                int removed = new Prune(store, System.out).run(where, keep, false);
                System.out.println("kept the newest " + keep + " backups; removed " + removed + " objects");
            }
        }
        return 0;
    }
}
