package io.gatehouse.stack.postgres;

import io.gatehouse.stack.Startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;

/** PostgreSQL refuses to run as root: under root (CI, containers) its commands run as the unprivileged user {@code nobody}. */
final class Nobody {
    private static final int UID = 65534;

    private Nobody() {
    }

    static List<String> prefix(boolean asNobody) {
        return asNobody
                ? List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--")
                : List.of();
    }

    static void chown(Path folder) throws IOException {
        UserPrincipal nobody = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, nobody);
            }
        }
    }

    /** 'nobody' must be able to walk down to the binaries and the data, or initdb fails with a bare "permission denied". */
    static void requireReachable(Startup startup, Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw startup.failure("cannot create " + folder + ": " + e.getMessage(), e);
        }
        for (Path dir = folder.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw startup.failure("runs as 'nobody' when started by root, but " + dir
                            + " is not searchable by other users; move the project (or GATEHOUSE_CACHE_DIR / GATEHOUSE_WORK_DIR) elsewhere, or chmod o+x " + dir);
                }
            } catch (IOException e) {
                throw startup.failure("cannot read the permissions of " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    static boolean needed() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

}
