package io.gatehouse.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Text the deploy jar carries under io/gatehouse/deploy/: node scripts, collector configurations, versions. */
public final class Resources {
    private Resources() {
    }

    /** @param name relative to io/gatehouse/deploy/, e.g. cassandra/cassandra-node.sh */
    public static String text(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/io/gatehouse/deploy/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the deploy jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
