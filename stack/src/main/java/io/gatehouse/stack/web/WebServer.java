package io.gatehouse.stack.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.Archives;
import io.gatehouse.stack.JavaCommand;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.liberty.LibertySettings;
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

/**
 * The web front-end as a browser gets it in AWS from S3 behind CloudFront: the built site (web/target/site) plus
 * the {@code config.json} a deploy writes beside it, with CloudFront's security headers, served by
 * {@link StaticSite} in a JVM of its own. Serves a copy taken at start, so a rebuild cannot change a running page.
 */
public record WebServer(ServerProcess process, WebSettings settings) implements io.gatehouse.stack.Server {
    public static final String CONFIG_FILE = "config.json";
    public static final String HEADERS_FILE = "security-headers.properties";

    public static WebServer start(Startup startup) {
        StackConfig stack = startup.config();
        WebSettings settings = WebSettings.of(stack);
        Path built = settings.siteDir();
        if (!Files.isRegularFile(built.resolve("index.html")) || !Files.isRegularFile(built.resolveSibling(HEADERS_FILE))) {
            throw startup.failure("no site in " + built + " (build it first: ./mvnw -DskipTests package, or set GATEHOUSE_WEB_SITE_DIR)");
        }
        Path work = stack.workDir().resolve("web");
        Path site = work.resolve("site");
        Path headers = work.resolve("headers.properties");
        try {
            Archives.deleteTree(site);
            Archives.copyTree(built, site, relative -> false);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(site.resolve(CONFIG_FILE).toFile(), siteConfig(stack));
            Properties properties = new Properties();
            properties.putAll(securityHeaders(settings));
            try (OutputStream out = Files.newOutputStream(headers)) {
                properties.store(out, "response headers of every answer (CloudFront's response-headers policy in AWS)");
            }
        } catch (IOException e) {
            throw startup.failure("cannot prepare the site under " + work + ": " + e.getMessage(), e);
        }
        ServerProcess process = startup.run(
                JavaCommand.of("64m", StaticSite.class, List.of(Server.class, HttpField.class, EndPoint.class, Callback.class, LoggerFactory.class),
                        stack.host(), Integer.toString(settings.port()), site.toString(), headers.toString()),
                Map.of(), work, work.resolve("web.log"));
        startup.awaitReady(process, ServerProcess.httpOk(URI.create(settings.url() + "/" + CONFIG_FILE)));
        return new WebServer(process, settings);
    }

    /** What the page needs to know at run time; a deploy writes the same file with the deployment's URLs. */
    private static Map<String, String> siteConfig(StackConfig stack) {
        Map<String, String> site = new LinkedHashMap<>();
        site.put("keycloakUrl", KeycloakSettings.of(stack).url());
        site.put("realm", StackConfig.REALM);
        site.put("clientId", StackConfig.WEB_CLIENT);
        site.put("apiUrl", LibertySettings.of(stack).apiUrl());
        return site;
    }

    /**
     * The page's response headers (web/src/main/security-headers.properties, built beside the site) with this stack's
     * API and Keycloak origins filled in.
     */
    private static Map<String, String> securityHeaders(WebSettings settings) throws IOException {
        Path file = settings.siteDir().resolveSibling(HEADERS_FILE);
        Properties template = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            template.load(in);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : template.stringPropertyNames()) {
            headers.put(name, template.getProperty(name)
                    .replace("{api}", origin(LibertySettings.of(settings.stack()).apiUrl()))
                    .replace("{keycloak}", origin(KeycloakSettings.of(settings.stack()).url())));
        }
        return headers;
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    @Override
    public String endpoint() {
        return settings.url();
    }
}
