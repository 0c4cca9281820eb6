package io.gatehouse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Credentials of the local servers (database, Keycloak admin, S3 keys): generated on first use and kept in
 * owner-only files under the work folder, so that none is written in code and none needs printing.
 */
public final class LocalSecrets {
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path folder;

    public LocalSecrets(Path folder) {
        this.folder = folder;
    }

    /** The secret's value, generated and stored if it does not exist yet. */
    public synchronized String get(String name) {
        Path file = file(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            // Owner-only for the secrets folder alone: its parents (the work folder) must stay searchable by servers run as other users.
            Files.createDirectories(folder.toAbsolutePath().getParent());
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String value = generate(24);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.writeString(file, value, StandardCharsets.UTF_8);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local secret " + file, e);
        }
    }

    /**
     * Writes a file that holds a secret (a server's configuration, a script with a token) readable by this user
     * only: replaced whole, created owner-only before a byte is written.
     */
    public static Path writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Where a secret is kept, to tell a user without printing it. */
    public Path file(String name) {
        return folder.resolve(name);
    }

    static String generate(int length) {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return value.toString();
    }
}
