package io.gatehouse.backup;

import io.gatehouse.backup.bucket.BackupManifest;
import io.gatehouse.backup.node.CassandraJmx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Downloads a backup, checks every file against its manifest, then has Cassandra verify and import them into the live tables.",
                "Rows are added: rows written after the backup keep their newer values. To return a table to the backup exactly, TRUNCATE it first (deploy/README.md).",
                "The node must own the tokens the backup's node owned."})
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    NodeOptions options;

    @Option(names = "--backup", paramLabel = "NAME", description = "which backup, e.g. 2026-12-07T03-15-00Z (default: the newest)")
    String backup;

    @Option(names = "--from-host", paramLabel = "HOST_ID", description = "restore another node's backup, e.g. of the node this one replaces (default: this node's own host id)")
    String fromHost;

    @Option(names = "--scratch-dir", paramLabel = "DIR", description = "where files wait, checked, before the import (default: backup-restore beside the node's data directory, on the same disk)")
    Path scratch;

    @Option(names = "--dry-run", description = "download and check every file; import nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        if (backup != null && !BackupManifest.isBackupName(backup)) {
            throw new Usage("--backup must name a backup such as 2026-12-07T03-15-00Z, not " + backup);
        }
        if (fromHost != null && !BackupManifest.isHostId(fromHost)) {
            throw new Usage("--from-host must be a host id (a UUID, as list --all-hosts shows), not " + fromHost);
        }
        var store = options.store();
        try (CassandraJmx node = options.node()) {
            Path folder = scratch != null ? scratch : node.dataDirectories().get(0).resolveSibling("backup-restore");
            long started = System.nanoTime();
            BackupManifest restored = new Restore(node, store, System.err).run(fromHost, backup, folder, dryRun);
            System.out.printf(Locale.ROOT, "%s backup %s of host %s: %d tables, %d files, %s in %.1f s%n",
                    dryRun ? "checked (nothing imported)" : "restored", restored.name(), restored.hostId(), restored.tables().size(),
                    restored.fileCount(), Progress.mib(restored.bytes()), (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }
}
