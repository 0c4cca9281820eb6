package io.gatehouse.app.bench;

import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.ProcessStatus;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.bench.Throughput;
import io.gatehouse.stack.bench.Wrk;
import io.gatehouse.stack.liberty.LibertyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Is wrk needed for the peak-rate runs, or can Gatling drive them? {@code ./mvnw -q -DskipTests -Pbench-load-tools
 * package -pl app-war -am}. One stack, the API benchmark's 1,000 records and token, then the secured point read at
 * full speed, 50 connections, in alternating rounds: wrk (2 threads) and Gatling ({@link PeakReadSimulation}, its own
 * JVM, as the Maven plugin runs it). For each: the rate and latency the tool reports, the load generator's CPU per
 * 1,000 requests (the CPU both take from the two cores the server needs) and Liberty's CPU per request. Gatling's
 * fixed cost (JVM start, report) is measured by a 1-second run and taken off.
 */
public final class LoadToolBenchmark {
    private final BenchLoad load = BenchLoad.fromSystemProperties();
    private final Stack stack;
    private final Path scratch;
    private final Wrk wrk;
    private final ProcessHandle liberty;

    private LoadToolBenchmark(Stack stack, Path scratch) {
        this.stack = stack;
        this.scratch = scratch;
        this.wrk = new Wrk(2, load.connections(), scratch);
        this.liberty = stack.running().stream().filter(server -> server.component() == Component.LIBERTY).findFirst().orElseThrow().process().handle();
    }

    public static void main(String[] args) throws Exception {
        Wrk.requireInstalled();
        try (Stack stack = BenchServer.startStack()) {
            new LoadToolBenchmark(stack, BenchServer.scratch()).run();
        }
    }

    private void run() throws IOException {
        Api api = new Api(stack);
        String token = api.login(ApiBenchmark.USER, ApiBenchmark.SCOPE);
        List<String> paths = ApiBenchmark.createRecords(api, token, load.records()).stream().map(id -> "/api/v1/records/" + id).toList();
        Path pathsFile = Files.write(scratch.resolve("peak-paths.txt"), paths);
        String url = stack.server(LibertyServer.class).settings().url();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        System.out.printf("bench: secured point read, %d connections, %d s per run after %d s warm-up, %d rounds%n",
                load.connections(), load.measure().toSeconds(), load.warmUp().toSeconds(), load.rounds());
        wrk.get(url, paths, bearer, load.warmUp());
        Run gatlingStart = measured(() -> gatling(url, pathsFile, token, Duration.ofSeconds(1), "fixed cost"));
        System.out.printf("bench: Gatling's fixed cost (a 1 s run: JVM start, simulation, report): %.1f CPU s%n", gatlingStart.generatorCpuSeconds);
        List<Run> wrkRuns = new ArrayList<>();
        List<Run> gatlingRuns = new ArrayList<>();
        for (int round = 1; round <= load.rounds(); round++) {
            String description = "round " + round;
            Run byWrk = measured(() -> Tool.of(wrk.get(url, paths, bearer, load.measure()), load.measure()));
            Run byGatling = measured(() -> gatling(url, pathsFile, token, load.measure(), description)).less(gatlingStart);
            wrkRuns.add(byWrk);
            gatlingRuns.add(byGatling);
            System.out.printf("bench: round %d wrk     %s%nbench: round %d Gatling %s%n", round, byWrk, round, byGatling);
        }
        Run wrkMean = Run.mean(wrkRuns);
        Run gatlingMean = Run.mean(gatlingRuns);
        System.out.printf("bench: mean wrk     %s%nbench: mean Gatling %s%nbench: Gatling/wrk throughput %.2f, generator CPU per request %.1fx%n",
                wrkMean, gatlingMean, gatlingMean.tool.perSecond / wrkMean.tool.perSecond,
                gatlingMean.generatorCpuPerThousand() / wrkMean.generatorCpuPerThousand());
    }

    /** Runs a load, with the CPU this JVM's finished children (the load generator) and Liberty used meanwhile. */
    private Run measured(Supplier<Tool> load) {
        Duration generator = ProcessStatus.reapedChildrenCpu(ProcessHandle.current());
        Duration server = ProcessStatus.cpu(liberty);
        Tool result = load.get();
        return new Run(result, ProcessStatus.reapedChildrenCpu(ProcessHandle.current()).minus(generator).toMillis() / 1000.0,
                ProcessStatus.cpu(liberty).minus(server).toMillis() / 1000.0);
    }

    private Tool gatling(String url, Path paths, String token, Duration duration, String description) {
        Path results = scratch.resolve("gatling");
        // The JVM options the Gatling Maven plugin starts Gatling with.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", classPath(), "-Dgatehouse.peak.url=" + url, "-Dgatehouse.peak.paths=" + paths,
                "-Dgatehouse.peak.connections=" + load.connections(), "-Dgatehouse.peak.seconds=" + duration.toSeconds(),
                "io.gatling.app.Gatling", "--simulation", PeakReadSimulation.class.getName(),
                "--results-folder", results.toString(), "--run-description", description);
        Path log = scratch.resolve("gatling-" + description.replace(' ', '-') + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("GATEHOUSE_PEAK_TOKEN", token);
        try {
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("Gatling exited with " + exit + " (" + description + "); see " + log);
            }
            // The "Global Information" table Gatling prints at the end of a run.
            String summary = Files.readString(log);
            double failed = figure(summary, "> request count\\s+\\|\\s+[\\d,]+\\s+\\|\\s+[\\d,]+\\s+\\|\\s+([\\d,]+|-)", log);
            if (failed > 0) {
                throw new IllegalStateException("Gatling saw " + (long) failed + " failed requests (" + description + "); see " + log);
            }
            return new Tool(figure(summary, "> mean throughput \\(rps\\)\\s+\\|\\s+([\\d,.]+)", log),
                    figure(summary, "> response time 50th percentile \\(ms\\)\\s+\\|\\s+([\\d,]+)", log),
                    figure(summary, "> response time 99th percentile \\(ms\\)\\s+\\|\\s+([\\d,]+)", log),
                    (long) figure(summary, "> request count\\s+\\|\\s+([\\d,]+)", log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A number from Gatling's summary (with its thousands separators; "-" for none is 0). */
    private static double figure(String summary, String pattern, Path log) {
        Matcher matcher = Pattern.compile(pattern).matcher(summary);
        if (!matcher.find()) {
            throw new IllegalStateException("no '" + pattern + "' in Gatling's summary; see " + log);
        }
        return matcher.group(1).equals("-") ? 0 : Double.parseDouble(matcher.group(1).replace(",", ""));
    }

    /** The class path this benchmark runs on (Maven's exec plugin gives it a class loader of its own). */
    private static String classPath() {
        URL[] urls = ((URLClassLoader) LoadToolBenchmark.class.getClassLoader()).getURLs();
        return Arrays.stream(urls).map(url -> {
            try {
                return Path.of(url.toURI()).toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /** What the load tool reports. */
    private record Tool(double perSecond, double p50Millis, double p99Millis, long requests) {
        static Tool of(Throughput throughput, Duration duration) {
            return new Tool(throughput.perSecond(), throughput.p50Millis(), throughput.p99Millis(), Math.round(throughput.perSecond() * duration.toSeconds()));
        }
    }

    /** A measured run: the tool's figures, and CPU seconds of the load generator and of Liberty meanwhile. */
    private record Run(Tool tool, double generatorCpuSeconds, double libertyCpuSeconds) {
        /** This run without a shorter one's share: the generator's fixed cost and the requests it made. */
        Run less(Run fixed) {
            return new Run(new Tool(tool.perSecond, tool.p50Millis, tool.p99Millis, tool.requests - fixed.tool.requests),
                    generatorCpuSeconds - fixed.generatorCpuSeconds, libertyCpuSeconds - fixed.libertyCpuSeconds);
        }

        double generatorCpuPerThousand() {
            return generatorCpuSeconds * 1000 / tool.requests;
        }

        static Run mean(List<Run> runs) {
            return new Run(new Tool(runs.stream().mapToDouble(run -> run.tool.perSecond).average().orElseThrow(),
                    runs.stream().mapToDouble(run -> run.tool.p50Millis).average().orElseThrow(),
                    runs.stream().mapToDouble(run -> run.tool.p99Millis).average().orElseThrow(),
                    runs.stream().mapToLong(run -> run.tool.requests).sum()),
                    runs.stream().mapToDouble(Run::generatorCpuSeconds).sum(), runs.stream().mapToDouble(Run::libertyCpuSeconds).sum());
        }

        @Override
        public String toString() {
            return String.format("%,7.0f /s  p50 %6.2f ms  p99 %6.2f ms  generator %5.2f CPU s per 1,000 requests, Liberty %5.3f CPU ms per request",
                    tool.perSecond, tool.p50Millis, tool.p99Millis, generatorCpuPerThousand(), libertyCpuSeconds * 1000 / tool.requests);
        }
    }
}
