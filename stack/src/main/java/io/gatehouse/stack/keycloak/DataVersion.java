package io.gatehouse.stack.keycloak;

import io.gatehouse.stack.Startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Which Keycloak version last ran on the data of a work folder. Keycloak migrates its database forward when a newer
 * version starts on it, but an older version cannot read a database a newer one has migrated; so a start with an older
 * version than the one recorded is refused in one line before Keycloak touches the data.
 */
final class DataVersion {
    private final Startup startup;
    private final Path file;

    DataVersion(Startup startup, Path workDir) {
        this.startup = startup;
        this.file = workDir.resolve("data-version");
    }

    /** Refuses a downgrade; an upgrade or the same version passes. */
    void requireNotOlderThanData(String version) {
        if (!Files.exists(file)) {
            return;
        }
        String recorded = read();
        if (compare(version, recorded) < 0) {
            throw startup.failure("the data in " + file.getParent() + " was last used by Keycloak " + recorded
                    + " and cannot go back to " + version + " (Keycloak migrates its database forward only); run " + recorded
                    + " or newer, or start over on an empty work folder");
        }
    }

    /** Called once Keycloak is ready: it has migrated the database to this version. */
    void record(String version) {
        try {
            Files.writeString(file, version + System.lineSeparator());
        } catch (IOException e) {
            throw startup.failure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private String read() {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw startup.failure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Compares dotted versions number by number (26.10.0 is newer than 26.7.3); a qualifier after '-' is ignored. */
    static int compare(String a, String b) {
        int[] left = numbers(a);
        int[] right = numbers(b);
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            int difference = Integer.compare(i < left.length ? left[i] : 0, i < right.length ? right[i] : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        return Arrays.stream(version.split("-", 2)[0].split("\\.")).mapToInt(part -> {
            try {
                return Integer.parseInt(part);
            } catch (NumberFormatException e) {
                return 0;
            }
        }).toArray();
    }
}
