package io.gatehouse.stack.mail;

import io.gatehouse.stack.Ports;
import io.gatehouse.stack.Server;
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
public record MailServer(ServerProcess process, MailSettings settings) implements Server {

    public static MailServer start(Startup startup) {
        StackConfig stack = startup.config();
        MailSettings settings = MailSettings.of(stack);
        Path jar = startup.artifacts().resolve("com.icegreen:greenmail-standalone:" + stack.version("greenmail"));
        Path work = stack.workDir().resolve("mail");
        ServerProcess process = startup.run(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                        "-Dgreenmail.hostname=" + settings.host(),
                        "-Dgreenmail.smtp.port=" + settings.smtpPort(),
                        "-Dgreenmail.imap.port=" + settings.imapPort(),
                        // Any recipient gets a mailbox and any password opens it: a local sink, on loopback only.
                        "-Dgreenmail.auth.disabled",
                        "-jar", jar.toString()),
                Map.of(), work, work.resolve("greenmail.log"));
        startup.awaitReady(process, () -> Ports.isListening(settings.host(), settings.smtpPort()) && Ports.isListening(settings.host(), settings.imapPort()));
        return new MailServer(process, settings);
    }

    @Override
    public String endpoint() {
        return "smtp://" + settings.host() + ":" + settings.smtpPort() + ", read at imap://" + settings.host() + ":" + settings.imapPort() + " (kept in memory)";
    }
}
