package io.gatehouse.deploy.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The web module's list of the page's response headers, with the API's and Keycloak's origins filled in. */
final class SecurityHeaders {
    static final String FILE = "security-headers.properties";

    private SecurityHeaders() {
    }

    static Map<String, String> read(Path file, String apiOrigin, String keycloakOrigin) {
        Properties template = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            template.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page's headers from " + file + " (build the web module first)", e);
        }
        Map<String, String> headers = new TreeMap<>();
        for (String name : template.stringPropertyNames()) {
            headers.put(name, template.getProperty(name).replace("{api}", apiOrigin).replace("{keycloak}", keycloakOrigin));
        }
        return headers;
    }
}
