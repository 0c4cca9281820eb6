package io.gatehouse.stack;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The class path of a server the stack runs in a JVM of its own from classes it has itself. */
public final class ClassPath {
    private ClassPath() {
    }

    /** The jars (or class folders) holding the given classes, joined for {@code -cp}. */
    public static String of(Class<?>... types) {
        return Arrays.stream(types).map(ClassPath::codeSource).distinct().collect(Collectors.joining(File.pathSeparator));
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
    }
}
