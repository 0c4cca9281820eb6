package io.gatehouse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
            String stored = stored(file);
            if (stored != null) {
                return stored;
            }
            // Owner-only for the secrets folder alone: its parents (the work folder) must stay searchable by servers run as other users.
            Files.createDirectories(folder.toAbsolutePath().getParent());
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path written = written(file, generate(24));
            try {
                // A hard link appears whole or not at all, and fails if another process stored the secret first.
                Files.createLink(file, written);
            } catch (FileAlreadyExistsException raced) {
                // The other process's value wins; ours was never used.
            } finally {
                Files.delete(written);
            }
            return stored(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local secret " + file, e);
        }
    }

    /** The stored value, or null when there is none; an empty file (left by a write cut off in an earlier version) counts as none. */
    private static String stored(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        String value = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (value.isEmpty()) {
            Files.delete(file);
            return null;
        }
        return value;
    }

    /**
     * Writes a file that holds a secret (a server's configuration, a script with a token) readable by this user
     * only: written whole under a temporary name, created owner-only before a byte is written, then moved into place,
     * so a crash leaves the old file or the new one, never half of one.
     */
    public static Path writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path written = written(file, content);
        try {
            return Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(written);
        }
    }

    /** The content in an owner-only temporary file beside {@code file}, flushed to disk. */
    private static Path written(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
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
