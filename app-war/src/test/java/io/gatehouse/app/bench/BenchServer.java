package io.gatehouse.app.bench;

import io.gatehouse.stack.Archives;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The benchmark's Liberty server: a copy of the integration-test server (production server.xml, production
 * WAR) whose WAR also holds {@link UnsecuredRecordRead}, so secured and unsecured reads run in one server.
 */
final class BenchServer {
    static final String NAME = "gatehouse-bench";
    private static final String WAR = "gatehouse-app.war";

    private BenchServer() {
    }

    /** Creates (or recreates) the bench server next to {@code source} in the same Liberty installation. */
    static void create(Path wlp, String source) {
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
            Files.writeString(to.resolve("jvm.options"), "-XX:FlightRecorderOptions:stackdepth=256\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
