package io.gatehouse.stack;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Unpacks a distribution once into the cache: into a temporary sibling first, then renamed into place, so an
 * interrupted unpack is never taken for a complete one.
 */
public final class Archives {
    private Archives() {
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** Unpacks a .zip (keeping Unix modes) into {@code target} unless it is there already. */
    public static Path unzipOnce(Path zip, Path target) {
        return once(target, tmp -> {
            // Unix modes live in the central directory, which only random access (ZipFile) reads.
            try (ZipFile zipFile = ZipFile.builder().setPath(zip).get()) {
                for (ZipArchiveEntry entry : Collections.list(zipFile.getEntries())) {
                    try (InputStream in = zipFile.getInputStream(entry)) {
                        write(entry, in, tmp, entry.getUnixMode());
                    }
                }
            }
        });
    }

    /** Unpacks a .tar.xz (keeping modes and symbolic links) into {@code target} unless it is there already. */
    public static Path untarXzOnce(Opener txz, Path target) {
        return once(target, tmp -> {
            try (TarArchiveInputStream in = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz.open())))) {
                extract(in, tmp);
            }
        });
    }

    private interface Extraction {
        void into(Path folder) throws IOException;
    }

    private static Path once(Path target, Extraction extraction) {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(tmp);
            extraction.into(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException anotherProcessWon) {
                if (!Files.isDirectory(target)) {
                    throw anotherProcessWon;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack into " + target, e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void extract(TarArchiveInputStream in, Path folder) throws IOException {
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
            write(entry, in, folder, entry.getMode());
        }
    }

    private static void write(ArchiveEntry entry, InputStream content, Path folder, int mode) throws IOException {
        Path path = folder.resolve(entry.getName()).normalize();
        if (!path.startsWith(folder)) {
            throw new IOException("archive entry outside the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(path);
            return;
        }
        Files.createDirectories(path.getParent());
        if (entry instanceof TarArchiveEntry tar && tar.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(tar.getLinkName()));
            return;
        }
        Files.copy(content, path, StandardCopyOption.REPLACE_EXISTING);
        if ((mode & 0100) != 0) {
            Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(path));
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    public static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    /**
     * Replaces {@code target} with a copy of {@code source}, leaving out every path (relative to {@code source})
     * that {@code skip} accepts, with what is under it.
     */
    public static void copyTree(Path source, Path target, Predicate<Path> skip) throws IOException {
        deleteTree(target);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = source.relativize(path);
                if (skip.test(relative)) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
