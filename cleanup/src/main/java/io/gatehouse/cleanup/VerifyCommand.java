package io.gatehouse.cleanup;

import io.gatehouse.cleanup.archive.ArchiveStore;
import io.gatehouse.cleanup.archive.Verifier;
import io.gatehouse.cleanup.report.JsonLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Reconciles manifests with the objects in S3: every part present with its size and checksums, none without a manifest; reports pending work of crashed runs.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    Connections connections;

    @Option(names = "--source", split = ",", paramLabel = "NAME", description = "records, keycloak-events, keycloak-admin-events (default: all)")
    List<String> sources;

    @Option(names = "--deep", description = "also download every readable part (STANDARD, GLACIER_IR) and recount its rows and SHA-256")
    boolean deep;

    @Override
    public Integer call() {
        List<String> names = Sources.parse(sources);
        JsonLog log = new JsonLog(System.out);
        ArchiveStore store = connections.archiveStore();
        Verifier verifier = new Verifier(store, log);
        long problems = 0;
        for (String name : names) {
            Verifier.Report report = verifier.verify(name, deep);
            problems += report.problems().size();
            System.err.printf(Locale.ROOT, "%s: %d manifests, %d parts, %,d rows; %d problems, %d pending%n", name,
                    report.manifests(), report.parts(), report.rows(), report.problems().size(), report.pending());
            report.problems().forEach(problem -> System.err.println("  " + problem));
        }
        return problems == 0 ? ExitCodes.SUCCESS : ExitCodes.PARTIAL_FAILURE;
    }
}
