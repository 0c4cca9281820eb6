package io.gatehouse.cleanup;

import io.gatehouse.cleanup.archive.ArchiveStore;
import io.gatehouse.cleanup.archive.Manifest;
import io.gatehouse.cleanup.archive.Recovery;
import io.gatehouse.cleanup.archive.Restorer;
import io.gatehouse.cleanup.report.JsonLog;
import io.gatehouse.cleanup.report.Metrics;
import io.gatehouse.cleanup.report.Totals;
import io.gatehouse.cleanup.source.BatchKey;
import io.gatehouse.cleanup.source.Lease;
import io.gatehouse.cleanup.source.Shard;
import io.gatehouse.cleanup.source.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Puts archived rows back into their source (idempotent: rows already there stay as they are).",
                "Parts in GLACIER or DEEP_ARCHIVE are first asked back from S3 (hours); run restore again once they are readable.",
                "Rows restored and still older than their retention are archived again (as a new generation) by the next archive run."})
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    Connections connections;

    @Option(names = "--batch", required = true, paramLabel = "KEY",
            description = "what to restore: a batch key or a prefix of one, e.g. records/acme/2025-01, records/acme, keycloak-events/<realm-id>")
    List<String> batches;

    @Option(names = "--dry-run", description = "list the generations that would be restored; write nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        JsonLog log = new JsonLog(System.out);
        ArchiveStore store = connections.archiveStore();
        Recovery recovery = new Recovery(store, log);
        Restorer restorer = new Restorer(store, connections.scratch, log);
        String holder = "restore/" + UUID.randomUUID().toString().substring(0, 8);
        boolean waiting = false;
        long generations = 0;
        try (Sources sources = new Sources(connections)) {
            for (String prefix : batches) {
                String name = prefix.split("/", 2)[0];
                Sources.parse(List.of(name));
                Source source = sources.get(name);
                List<String> manifests = new ArrayList<>();
                store.list(prefix.endsWith("/") ? prefix : prefix + "/", object -> {
                    if (object.key().endsWith("/manifest.json")) {
                        manifests.add(object.key());
                    }
                });
                if (manifests.isEmpty()) {
                    throw new Usage("no archive under " + prefix + " in s3://" + store.bucket());
                }
                Totals totals = new Totals(name);
                try (Lease lease = source.lease(holder, Shard.ALL)) {
                    // A crashed archive run's pending deletion must happen before rows come back, not after.
                    String folder = prefix.endsWith("/") ? prefix : prefix + "/";
                    for (String stuck : recovery.resume(source, lease, totals)) {
                        if ((stuck + "/").startsWith(folder) || folder.startsWith(stuck + "/")) {
                            throw new IllegalStateException("a pending generation of " + stuck + " fails verification (see verify); nothing restored");
                        }
                    }
                    for (String key : manifests) {
                        Manifest manifest = store.manifest(key).orElseThrow();
                        generations++;
                        if (dryRun) {
                            log.info("would-restore", "batch", manifest.batch(), "generation", manifest.generation(), "rows", manifest.rows());
                            totals.rows.addAndGet(manifest.rows());
                        } else if (!restorer.restore(manifest, source.batch(BatchKey.parse(manifest.batch())), totals)) {
                            waiting = true;
                        }
                    }
                }
                if (!dryRun) {
                    log.raw(Metrics.of("restore", totals));
                }
                System.err.printf(Locale.ROOT, "%s: %s %,d rows of %d generations under %s in %.1f s%n", name,
                        dryRun ? "would restore" : "restored", totals.rows.get(), manifests.size(), prefix, totals.seconds());
            }
        }
        if (waiting) {
            System.err.println("gatehouse-cleanup: some parts are in a Glacier class; S3 is making them readable, run restore again in a few hours");
            return ExitCodes.PARTIAL_FAILURE;
        }
        return generations > 0 ? ExitCodes.SUCCESS : ExitCodes.NOTHING_TO_DO;
    }
}
