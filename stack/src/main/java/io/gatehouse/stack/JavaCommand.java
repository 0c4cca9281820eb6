package io.gatehouse.stack;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The command for a small server the stack runs in a JVM of its own, from classes the stack has itself. */
public final class JavaCommand {
    private JavaCommand() {
    }

    /**
     * Runs {@code main} on the running JDK with a capped heap and quick start-up (C1 only), its class path the jars
     * (or class folders) of {@code main} and of the given library classes.
     */
    public static List<String> of(String maxHeap, Class<?> main, List<Class<?>> libraries, String... arguments) {
        String classPath = Stream.concat(Stream.of(main), libraries.stream()).map(JavaCommand::codeSource).distinct()
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-cp", classPath, main.getName()));
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
    }
}
