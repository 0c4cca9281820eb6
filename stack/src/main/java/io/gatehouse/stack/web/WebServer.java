package io.gatehouse.stack.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.Archives;
import io.gatehouse.stack.JavaCommand;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Ports;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.StartupException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * The web front-end as a browser gets it in AWS from S3 behind CloudFront: the built site (web/target/site) plus
 * the {@code config.json} a deploy writes beside it, with CloudFront's security headers, served by
 * {@link StaticSite} in a JVM of its own. Serves a copy taken at start, so a rebuild cannot change a running page.
 */
public final class WebServer implements AutoCloseable {
    public static final String CONFIG_FILE = "config.json";
    public static final String HEADERS_FILE = "security-headers.properties";
    private final ServerProcess process;
    private final String url;

    private WebServer(ServerProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    public static WebServer start(StackConfig config, BooleanSupplier aborted) {
        Ports.requireFree(Component.WEB, config.host(), config.webPort(), "gatehouse.web.port");
        Path built = config.webSiteDir();
        if (!Files.isRegularFile(built.resolve("index.html")) || !Files.isRegularFile(built.resolveSibling(HEADERS_FILE))) {
            throw new StartupException(Component.WEB, "no site in " + built + " (build it first: ./mvnw -DskipTests package, or set GATEHOUSE_WEB_SITE_DIR)");
        }
        Path work = config.workDir().resolve("web");
        Path site = work.resolve("site");
        Path headers = work.resolve("headers.properties");
        try {
            Archives.deleteTree(site);
            Archives.copyTree(built, site, relative -> false);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(site.resolve(CONFIG_FILE).toFile(), siteConfig(config));
            Properties properties = new Properties();
            properties.putAll(securityHeaders(config));
            try (OutputStream out = Files.newOutputStream(headers)) {
                properties.store(out, "response headers of every answer (CloudFront's response-headers policy in AWS)");
            }
        } catch (IOException e) {
            throw new StartupException(Component.WEB, "cannot prepare the site under " + work + ": " + e.getMessage(), e);
        }
        ServerProcess process = ServerProcess.start(Component.WEB,
                JavaCommand.of("64m", StaticSite.class, List.of(Server.class, HttpField.class, EndPoint.class, Callback.class, LoggerFactory.class),
                        config.host(), Integer.toString(config.webPort()), site.toString(), headers.toString()),
                Map.of(), work, work.resolve("web.log"));
        process.awaitReady(ServerProcess.httpOk(URI.create(config.webUrl() + "/" + CONFIG_FILE)), config.startTimeout(), aborted);
        return new WebServer(process, config.webUrl());
    }

    /** What the page needs to know at run time; a deploy writes the same file with the deployment's URLs. */
    private static Map<String, String> siteConfig(StackConfig config) {
        Map<String, String> site = new LinkedHashMap<>();
        site.put("keycloakUrl", config.keycloakUrl());
        site.put("realm", StackConfig.REALM);
        site.put("clientId", StackConfig.WEB_CLIENT);
        site.put("apiUrl", config.apiUrl());
        return site;
    }

    /**
     * The page's response headers (web/src/main/security-headers.properties, built beside the site) with this stack's
     * API and Keycloak origins filled in.
     */
    private static Map<String, String> securityHeaders(StackConfig config) throws IOException {
        Path file = config.webSiteDir().resolveSibling(HEADERS_FILE);
        Properties template = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            template.load(in);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : template.stringPropertyNames()) {
            headers.put(name, template.getProperty(name)
                    .replace("{api}", origin(config.apiUrl())).replace("{keycloak}", origin(config.keycloakUrl())));
        }
        return headers;
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    public String url() {
        return url;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
