package io.gatehouse.app.bench;

import io.gatehouse.stack.Archives;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.bench.BenchStack;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Map;

/**
 * The benchmark's Liberty server: a copy of the integration-test server (production server.xml, production
 * WAR) whose WAR also holds {@link UnsecuredRecordRead}, so secured and unsecured reads run in one server. A tuning
 * attempt goes on top without touching the production files: {@code -Dbench.liberty.overrides=<server.xml fragment>}
 * (copied into configDropins/overrides) and {@code -Dbench.liberty.jvm.options="<options>"} (one per space).
 */
final class BenchServer {
    static final String NAME = "gatehouse-bench";
    private static final String WAR = "gatehouse-app.war";

    private BenchServer() {
    }

    /** Where a benchmark keeps its stack's data, wrk's scripts and its reports. */
    static Path scratch() {
        return Path.of(System.getProperty("gatehouse.bench.dir"));
    }

    /**
     * Makes the bench server in the Liberty installation the build made ({@code gatehouse.liberty.dir}), then starts a
     * throw-away stack that runs it, with Keycloak and what they need.
     */
    static Stack startStack() {
        Path wlp = Path.of(System.getProperty("gatehouse.liberty.dir"));
        create(wlp, "gatehouse");
        return BenchStack.start(scratch(), Map.of("gatehouse.liberty.dir", wlp.toString(), "gatehouse.liberty.server", NAME),
                EnumSet.of(Component.KEYCLOAK, Component.LIBERTY));
    }

    /** The tuning attempt on top of the production configuration, for the benchmark's report. */
    static String attempt() {
        String overrides = overrides();
        String jvmOptions = jvmOptions();
        return overrides.isBlank() && jvmOptions.isBlank() ? "none (production configuration)"
                : "overrides " + (overrides.isBlank() ? "none" : overrides) + ", JVM options " + (jvmOptions.isBlank() ? "none" : jvmOptions);
    }

    /** Creates (or recreates) the bench server next to {@code source} in the same Liberty installation. */
    private static void create(Path wlp, String source) {
        Path from = wlp.resolve("usr/servers").resolve(source);
        Path to = wlp.resolve("usr/servers").resolve(NAME);
        if (!Files.isRegularFile(from.resolve("apps").resolve(WAR))) {
            throw new IllegalStateException("no " + WAR + " in " + from + "; build with -Pbench (it creates the test server)");
        }
        try {
            Archives.copyTree(from, to, relative -> relative.startsWith("workarea") || relative.startsWith("logs"));
            Path war = to.resolve("apps").resolve(WAR);
            Path built = war.resolveSibling(WAR + ".new");
            // ShrinkWrap reads the source lazily: write a new file, then put it in place.
            ShrinkWrap.createFromZipFile(WebArchive.class, war.toFile()).addClass(UnsecuredRecordRead.class)
                    .as(ZipExporter.class).exportTo(built.toFile(), true);
            Files.move(built, war, StandardCopyOption.REPLACE_EXISTING);
            String jvmOptions = String.join("\n", jvmOptions().split("\\s+"));
            Files.writeString(to.resolve("jvm.options"), "-XX:FlightRecorderOptions:stackdepth=256\n" + jvmOptions + "\n", StandardOpenOption.APPEND);
            Path dropins = to.resolve("configDropins/overrides");
            Archives.deleteTree(dropins);
            if (!overrides().isBlank()) {
                Files.createDirectories(dropins);
                Files.copy(Path.of(overrides()), dropins.resolve("bench-attempt.xml"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The attempt's server.xml fragment (-Dbench.liberty.overrides), or blank. */
    private static String overrides() {
        return System.getProperty("bench.liberty.overrides", "").trim();
    }

    /** The attempt's JVM options, separated by spaces (-Dbench.liberty.jvm.options), or blank. */
    private static String jvmOptions() {
        return System.getProperty("bench.liberty.jvm.options", "").trim();
    }
}
