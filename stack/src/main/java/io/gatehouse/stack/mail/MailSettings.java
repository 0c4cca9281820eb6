package io.gatehouse.stack.mail;

import io.gatehouse.stack.ServerSettings;
import io.gatehouse.stack.StackConfig;

import java.util.Map;

/** Where the mail server listens. */
public record MailSettings(String host, int smtpPort, int imapPort) implements ServerSettings {
    public static MailSettings of(StackConfig stack) {
        return new MailSettings(stack.host(), stack.port("gatehouse.mail.smtp-port", 18025), stack.port("gatehouse.mail.imap-port", 18143));
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("gatehouse.mail.smtp-port", smtpPort, "gatehouse.mail.imap-port", imapPort);
    }
}
