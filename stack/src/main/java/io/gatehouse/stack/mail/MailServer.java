package io.gatehouse.stack.mail;

import io.gatehouse.stack.Ports;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerConfig;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * GreenMail standalone (a real SMTP and IMAP server, from Maven Central): Keycloak sends the realm's mail to its SMTP
 * port (invitations, password resets) and nothing leaves the machine; people and tests read it over IMAP, logging in
 * as the recipient's address with any password. Mail is kept in memory only: a restart empties every mailbox, which
 * suits a local sink and is said where its port is printed.
 */
public record MailServer(ServerProcess process, Config config) implements Server {

    /** Where it listens. */
    public record Config(String host, int smtpPort, int imapPort) implements ServerConfig {
        public static Config of(StackConfig stack) {
            return new Config(stack.host(), stack.port("gatehouse.mail.smtp-port", 18025), stack.port("gatehouse.mail.imap-port", 18143));
        }

        @Override
        public Map<String, Integer> ports() {
            return Map.of("gatehouse.mail.smtp-port", smtpPort, "gatehouse.mail.imap-port", imapPort);
        }
    }

    public static MailServer start(Startup startup) {
        StackConfig stack = startup.config();
        Config config = Config.of(stack);
        Path jar = startup.artifacts().resolve("com.icegreen:greenmail-standalone:" + stack.version("greenmail"));
        Path work = stack.workDir().resolve("mail");
        ServerProcess process = startup.run(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                        "-Dgreenmail.hostname=" + config.host(),
                        "-Dgreenmail.smtp.port=" + config.smtpPort(),
                        "-Dgreenmail.imap.port=" + config.imapPort(),
                        // Any recipient gets a mailbox and any password opens it: a local sink, on loopback only.
                        "-Dgreenmail.auth.disabled",
                        "-jar", jar.toString()),
                Map.of(), work, work.resolve("greenmail.log"));
        startup.awaitReady(process, () -> Ports.isListening(config.host(), config.smtpPort()) && Ports.isListening(config.host(), config.imapPort()));
        return new MailServer(process, config);
    }

    @Override
    public String endpoint() {
        return "smtp://" + config.host() + ":" + config.smtpPort() + ", read at imap://" + config.host() + ":" + config.imapPort() + " (kept in memory)";
    }
}
