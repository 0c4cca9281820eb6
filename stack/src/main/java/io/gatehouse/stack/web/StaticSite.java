package io.gatehouse.stack.web;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The web front-end's local host, run by {@link WebServer} in a JVM of its own: Jetty serving the site's files
 * with the response headers CloudFront's response-headers policy adds in AWS (CSP and friends), so the page runs
 * locally under the same rules as in production. Arguments: host, port, site folder, headers file (properties).
 */
public final class StaticSite {
    private StaticSite() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: StaticSite <host> <port> <site folder> <headers.properties>");
            System.exit(2);
        }
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(args[0]);
        connector.setPort(Integer.parseInt(args[1]));
        server.addConnector(connector);

        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(files).newResource(Path.of(args[2])));
        files.setDirAllowed(false);
        files.setWelcomeFiles("index.html");
        // The page and its config change with every deploy; the browser revalidates instead of caching blindly.
        files.setCacheControl("no-cache");
        // Compressed as CloudFront serves it in AWS (the deploy's behaviour compresses), so what the page benchmark
        // measures here is what users receive there.
        GzipHandler compressed = new GzipHandler();
        compressed.setHandler(files);
        server.setHandler(new Headers(headers(Path.of(args[3])), compressed));
        server.start();
        server.join();
    }

    private static Map<String, String> headers(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        Map<String, String> headers = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> headers.put(name, properties.getProperty(name)));
        return headers;
    }

    /** Adds the fixed response headers to every answer, files and errors alike. */
    private static final class Headers extends Handler.Wrapper {
        private final Map<String, String> headers;

        Headers(Map<String, String> headers, Handler next) {
            super(next);
            this.headers = headers;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            headers.forEach(response.getHeaders()::put);
            return super.handle(request, response, callback);
        }
    }
}
