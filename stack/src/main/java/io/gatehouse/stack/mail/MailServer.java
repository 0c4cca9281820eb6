package io.gatehouse.stack.mail;

import io.gatehouse.stack.Artifacts;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Ports;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * GreenMail standalone (a real SMTP and IMAP server, from Maven Central): Keycloak sends the realm's mail to its SMTP
 * port (invitations, password resets) and nothing leaves the machine; people and tests read it over IMAP, logging in
 * as the recipient's address with any password. Mail is kept in memory only: a restart empties every mailbox, which
 * suits a local sink and is said where its port is printed.
 */
public final class MailServer implements AutoCloseable {
    private final ServerProcess process;
    private final String smtp;
    private final String imap;

    private MailServer(ServerProcess process, String smtp, String imap) {
        this.process = process;
        this.smtp = smtp;
        this.imap = imap;
    }

    public static MailServer start(StackConfig config, Artifacts artifacts, BooleanSupplier aborted) {
        Ports.requireFree(Component.MAIL, config.host(), config.smtpPort(), "gatehouse.mail.smtp-port");
        Ports.requireFree(Component.MAIL, config.host(), config.imapPort(), "gatehouse.mail.imap-port");
        Path jar = artifacts.resolve("com.icegreen:greenmail-standalone:" + config.version("greenmail"));
        Path work = config.workDir().resolve("mail");
        ServerProcess process = ServerProcess.start(Component.MAIL,
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                        "-Dgreenmail.hostname=" + config.host(),
                        "-Dgreenmail.smtp.port=" + config.smtpPort(),
                        "-Dgreenmail.imap.port=" + config.imapPort(),
                        // Any recipient gets a mailbox and any password opens it: a local sink, on loopback only.
                        "-Dgreenmail.auth.disabled",
                        "-jar", jar.toString()),
                Map.of(), work, work.resolve("greenmail.log"));
        process.awaitReady(() -> Ports.isListening(config.host(), config.smtpPort()) && Ports.isListening(config.host(), config.imapPort()),
                config.startTimeout(), aborted);
        return new MailServer(process, "smtp://" + config.host() + ":" + config.smtpPort(), "imap://" + config.host() + ":" + config.imapPort());
    }

    public String smtpUrl() {
        return smtp;
    }

    public String imapUrl() {
        return imap;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
