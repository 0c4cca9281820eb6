package io.gatehouse.stack.bench;

import io.gatehouse.stack.LocalSecrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load from wrk (Debian package {@code wrk}) for the benchmarks: a C load generator, so the client takes as little
 * of the two shared cores as possible. Every response that is not 2xx fails the run: a benchmark of errors is
 * worthless. Scripts (which may hold a token or a secret) are owner-only files, never command-line arguments.
 */
public final class Wrk {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");
    private final int threads;
    private final int connections;
    private final Path scripts;

    public Wrk(int threads, int connections, Path scripts) {
        this.threads = threads;
        this.connections = connections;
        this.scripts = scripts;
    }

    public static void requireInstalled() {
        try {
            Process probe = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            probe.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed (Debian: apt-get install wrk)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs the paths in turn (one per request, round robin) with the given headers. */
    public Throughput get(String baseUrl, List<String> paths, Map<String, String> headers, Duration duration) {
        Path pathList = write("paths.txt", String.join("\n", paths) + "\n");
        Path script = write("get.lua", headerLines(headers) + """
                local paths = {}
                local i = 0
                init = function(args)
                  for line in io.lines(args[1]) do paths[#paths + 1] = line end
                end
                request = function()
                  i = i % #paths + 1
                  return wrk.format(nil, paths[i])
                end
                """);
        return run(baseUrl + paths.get(0), script, duration, List.of(pathList.toString()));
    }

    /** POSTs the same body to one URL. */
    public Throughput post(String url, String body, String contentType, Map<String, String> headers, Duration duration) {
        Path script = write("post.lua", headerLines(headers) + "wrk.method = \"POST\"\nwrk.body = [[" + body + "]]\n"
                + "wrk.headers[\"Content-Type\"] = \"" + contentType + "\"\n");
        return run(url, script, duration, List.of());
    }

    /**
     * POSTs the bodies in turn (one per request, round robin), each wrk thread from its own part of the list so that
     * no body is sent twice at once: e.g. logins of many users, none of whom Keycloak sees logging in concurrently.
     */
    public Throughput postEach(String url, List<String> bodies, String contentType, Duration duration) {
        Path bodyList = write("bodies.txt", String.join("\n", bodies) + "\n");
        Path script = write("post-each.lua", "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"" + contentType + "\"\n" + """
                local threads = 0
                setup = function(thread)
                  thread:set("offset", threads)
                  threads = threads + 1
                end
                local bodies = {}
                local i = 0
                init = function(args)
                  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
                  -- each thread starts elsewhere in the list, so no two send the same body at once
                  i = offset * math.floor(#bodies / %d)
                end
                request = function()
                  i = i %% #bodies + 1
                  return wrk.format(nil, nil, nil, bodies[i])
                end
                """.formatted(threads));
        return run(url, script, duration, List.of(bodyList.toString()));
    }

    /** Headers set in the script rather than with -H, so a bearer token never shows in the process list. */
    private static String headerLines(Map<String, String> headers) {
        StringBuilder lines = new StringBuilder();
        headers.forEach((name, value) -> lines.append("wrk.headers[\"").append(name).append("\"] = \"").append(value).append("\"\n"));
        return lines.toString();
    }

    private Throughput run(String url, Path script, Duration duration, List<String> scriptArgs) {
        // wrk counts a request slower than its 2 s default as a socket error and leaves it out of the latencies; a
        // slow server is measured here (its p99 shows it), not failed.
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", "30s", "--latency", "-s", script.toString()));
        command.add(url);
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        String output = Command.output(command);
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher socketErrors = SOCKET_ERRORS.matcher(output);
        if (non2xx.find() || socketErrors.find()) {
            throw new IllegalStateException("wrk saw failed requests on " + url + ":\n" + output);
        }
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double millis = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
                case "us" -> 0.001;
                case "s" -> 1000.0;
                default -> 1.0;
            };
            if (percentile.group(1).equals("50")) {
                p50 = millis;
            } else {
                p99 = millis;
            }
        }
        return new Throughput(Double.parseDouble(rate.group(1)), p50, p99);
    }

    private Path write(String name, String content) {
        try {
            return LocalSecrets.writeOwnerOnly(scripts.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
