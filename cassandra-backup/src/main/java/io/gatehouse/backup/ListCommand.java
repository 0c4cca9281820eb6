package io.gatehouse.backup;

import io.gatehouse.backup.bucket.BackupManifest;
import io.gatehouse.backup.bucket.BackupStore;
import io.gatehouse.backup.bucket.InvalidBackup;
import io.gatehouse.backup.node.CassandraJmx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists this node's backups (or every node's of its cluster), oldest first, each checked.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    NodeOptions options;

    @Option(names = "--all-hosts", description = "every host of the cluster that has backups, e.g. to find a replaced node's host id")
    boolean allHosts;

    @Override
    public Integer call() {
        BackupStore store = options.store();
        try (CassandraJmx node = options.node()) {
            String cluster = node.clusterName();
            List<String> hosts = allHosts ? store.hosts(cluster) : List.of(node.hostId());
            for (String host : hosts) {
                BackupStore.Node where = new BackupStore.Node(cluster, host);
                System.out.println("host " + host + (host.equals(node.hostId()) ? " (this node)" : "") + ", " + store.where(where));
                for (String name : store.backupNames(where)) {
                    try {
                        BackupManifest manifest = store.manifest(where, name);
                        System.out.printf(Locale.ROOT, "  %s  %d tables  %d files  %s  tokens %s%n", name, manifest.tables().size(),
                                manifest.fileCount(), Progress.mib(manifest.bytes()), manifest.tokens().size() <= 4 ? manifest.tokens() : manifest.tokens().size());
                    } catch (InvalidBackup e) {
                        System.out.println("  " + name + "  INVALID: " + e.getMessage());
                    }
                }
            }
        }
        return 0;
    }
}
