package io.gatehouse.app.arquillian;

import io.gatehouse.stack.Ports;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.junit.StackExtension;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Points the Liberty server that Arquillian manages (created by the build from the production server.xml) at
 * the test's Keycloak and Cassandra, on a free port, before Arquillian starts it. Register it after
 * {@code @WithStack} and before {@code ArquillianExtension}: extensions run their beforeAll in that order.
 * Arquillian reads the port and JVM arguments from system properties named in arquillian.xml.
 */
public final class ArquillianLibertyServer implements BeforeAllCallback {
    static final Path SERVER = Path.of("target", "liberty", "wlp", "usr", "servers", "arquillian");
    static final Path LOG = SERVER.resolve("logs").resolve("messages.log");
    private static final String PORT_PROPERTY = "gatehouse.arquillian.http.port";

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Stack stack = StackExtension.stack(context);
        if (System.getProperty(PORT_PROPERTY) != null) {
            return; // Arquillian starts its server once per test JVM: configured already
        }
        StackConfig config = stack.config();
        int port = Ports.free();
        InetSocketAddress cassandra = stack.server(CassandraServer.class).settings().address();
        Files.writeString(SERVER.resolve("bootstrap.properties"), String.join("\n",
                "gatehouse.host=" + config.host(),
                "gatehouse.liberty.port=" + port,
                "gatehouse.jwt.issuer=" + KeycloakSettings.of(config).issuer(),
                "gatehouse.jwt.jwks.uri=" + KeycloakSettings.of(config).jwksUri(),
                "gatehouse.jwt.audience=" + StackConfig.API_AUDIENCE) + "\n");
        Path overrides = Files.createDirectories(SERVER.resolve("configDropins/overrides"));
        try (InputStream xml = ArquillianLibertyServer.class.getResourceAsStream("/arquillian-liberty-overrides.xml")) {
            Files.copy(xml, overrides.resolve("arquillian.xml"), StandardCopyOption.REPLACE_EXISTING);
        }
        System.setProperty("gatehouse.arquillian.jvm.args", String.join(" ",
                "-Dgatehouse.cassandra.contact-points=" + cassandra.getHostString() + ":" + cassandra.getPort(),
                "-Dgatehouse.cassandra.local-datacenter=" + CassandraSettings.of(config).datacenter(),
                // Telemetry on as the AWS task sets it (OTLP over HTTP to a collector on loopback), to the test's own
                // receiver; every trace kept and metrics every second, so that the test need not wait long.
                "-Dotel.sdk.disabled=false", "-Dotel.service.name=gatehouse-api",
                "-Dotel.exporter.otlp.endpoint=" + OtlpReceiver.shared(config.host()).endpoint(), "-Dotel.exporter.otlp.protocol=http/protobuf",
                "-Dotel.metric.export.interval=1000", "-Dotel.bsp.schedule.delay=200", "-Dotel.traces.sampler=always_on",
                "-Dotel.logs.exporter=none"));
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
    }
}
