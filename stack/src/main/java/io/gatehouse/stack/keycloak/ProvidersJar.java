package io.gatehouse.stack.keycloak;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Gatehouse's Keycloak providers (module keycloak-providers) as Keycloak takes them: one jar in the distribution's
 * {@code providers/} folder, which {@code kc.sh build} then compiles in. Found on this class path: the module's jar
 * (a Maven build), or its classes folder (an IDE), packed into a jar here.
 */
final class ProvidersJar {
    static final String FILE_NAME = "gatehouse-keycloak-providers.jar";
    private static final String MARKER_CLASS = "io/gatehouse/keycloak/organization/OrganizationAttributeConditionFactory.class";

    private ProvidersJar() {
    }

    /** Puts the jar into {@code home}'s providers folder unless the same bytes are there; returns its SHA-256, for the build marker. */
    static String install(Path home) {
        try {
            byte[] jar = bytes();
            Path target = home.resolve("providers").resolve(FILE_NAME);
            if (!Files.exists(target) || !MessageDigest.isEqual(Files.readAllBytes(target), jar)) {
                Files.createDirectories(target.getParent());
                Path partial = target.resolveSibling(FILE_NAME + ".partial");
                Files.write(partial, jar);
                Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put Gatehouse's providers into " + home, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes() throws IOException {
        // Found as a resource, not loaded: the class needs Keycloak's server classes, which only Keycloak has.
        URL found = ProvidersJar.class.getClassLoader().getResource(MARKER_CLASS);
        if (found == null) {
            throw new IllegalStateException("keycloak-providers is not on the class path (" + MARKER_CLASS + ")");
        }
        try {
            if (found.getProtocol().equals("jar")) {
                String file = found.getPath().substring(0, found.getPath().indexOf("!/"));
                return Files.readAllBytes(Path.of(new URL(file).toURI()));
            }
            Path classFile = Path.of(found.toURI());
            Path classes = classFile;
            for (int depth = MARKER_CLASS.split("/").length; depth > 0; depth--) {
                classes = classes.getParent();
            }
            return packed(classes);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("keycloak-providers is not on the class path as a file: " + found, e);
        }
    }

    /** A classes folder as a jar, its entries in name order and undated, so the same classes give the same bytes. */
    private static byte[] packed(Path classes) throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (JarOutputStream jar = new JarOutputStream(buffer)) {
            for (Path file : files) {
                JarEntry entry = new JarEntry(classes.relativize(file).toString().replace('\\', '/'));
                entry.setTime(0);
                jar.putNextEntry(entry);
                Files.copy(file, (OutputStream) jar);
                jar.closeEntry();
            }
        }
        return buffer.toByteArray();
    }
}
