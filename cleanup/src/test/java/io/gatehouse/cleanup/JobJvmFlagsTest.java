package io.gatehouse.cleanup;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The job runs with the same JVM flags in both images as in the tests and the benchmark (cleanup/pom.xml). */
class JobJvmFlagsTest {
    private static final Path PROJECT = Path.of(System.getProperty("gatehouse.project.dir"));
    private static final List<String> FLAGS = Arrays.asList(System.getProperty("gatehouse.cleanup.jvm.flags").split(" "));
    private static final String MALLOC_ARENAS = System.getProperty("gatehouse.cleanup.malloc.arenas");

    @Test
    void theFlagsCapTheHeapAndTouchItAtStart() {
        assertThat(FLAGS).contains("-XX:+AlwaysPreTouch").anyMatch(flag -> flag.startsWith("-Xmx"))
                .anyMatch(flag -> flag.startsWith("-Xms"));
    }

    @Test
    void theDockerfileRunsTheJarWithTheseFlags() throws Exception {
        String dockerfile = Files.readString(PROJECT.resolve("deploy/containers/cleanup/Dockerfile"));
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(dockerfile);
        assertThat(entrypoint.find()).as("an exec-form ENTRYPOINT").isTrue();
        List<String> command = List.of(new ObjectMapper().readValue(entrypoint.group(1), String[].class));
        assertThat(command.subList(1, command.indexOf("-jar"))).isEqualTo(FLAGS);
        assertThat(dockerfile).containsPattern("(?m)^ENV MALLOC_ARENA_MAX=" + MALLOC_ARENAS + "$");
    }

    @Test
    void jibRunsTheJobWithTheseFlags() throws Exception {
        String pom = Files.readString(PROJECT.resolve("cleanup/pom.xml"));
        List<String> jib = new ArrayList<>();
        Matcher flag = Pattern.compile("<jvmFlag>([^<]*)</jvmFlag>").matcher(pom);
        while (flag.find()) {
            jib.add(flag.group(1));
        }
        assertThat(jib).isEqualTo(FLAGS);
        assertThat(pom).contains("<MALLOC_ARENA_MAX>${gatehouse.cleanup.malloc.arenas}</MALLOC_ARENA_MAX>")
                .contains("<gatehouse.cleanup.malloc.arenas>" + MALLOC_ARENAS + "</gatehouse.cleanup.malloc.arenas>");
    }
}
