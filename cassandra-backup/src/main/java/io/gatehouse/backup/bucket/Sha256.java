package io.gatehouse.backup.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256, the name every stored file goes by and the check every file read back must pass. */
public final class Sha256 {
    private Sha256() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest as S3's checksum headers carry it. */
    static String base64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }

    /** Something to read through once. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    /** The file's digest, in hex (the name it is stored under). */
    public static String of(Path path) {
        return HexFormat.of().formatHex(of(() -> Files.newInputStream(path), path.toString()));
    }

    /** The digest of what {@code content} holds; {@code what} names it in an error. */
    static byte[] of(Content content, String what) {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(content.open(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what, e);
        }
        return digest.digest();
    }
}
