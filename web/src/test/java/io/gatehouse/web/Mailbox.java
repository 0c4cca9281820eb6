package io.gatehouse.web;

import io.gatehouse.stack.Stack;
import io.gatehouse.stack.mail.MailServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.jsoup.parser.Parser;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Someone's inbox on the stack's mail server, read over IMAP as their mail client would (any password opens it there). */
final class Mailbox {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+");
    private final Stack stack;
    private final String address;

    Mailbox(Stack stack, String address) {
        this.stack = stack;
        this.address = address;
    }

    /** The first link in the text of the first mail whose subject contains {@code subject}, waiting for it to arrive. */
    String awaitLink(String subject, Duration timeout) throws MessagingException, IOException, InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            Optional<String> text = find(subject);
            if (text.isPresent()) {
                Matcher link = LINK.matcher(text.get());
                if (!link.find()) {
                    throw new AssertionError("the mail to " + address + " holds no link: " + text.get());
                }
                // Keycloak's text part writes the link HTML-escaped (&#61; for =, &amp; for &).
                return Parser.unescapeEntities(link.group(), false);
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("no mail about \"" + subject + "\" reached " + address + " within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    private Optional<String> find(String subject) throws MessagingException, IOException {
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", "5000");
        properties.put("mail.imap.timeout", "5000");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect(stack.config().host(), stack.server(MailServer.class).settings().imapPort(), address, "any");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message message : inbox.getMessages()) {
                    if (message.getSubject() != null && message.getSubject().contains(subject)) {
                        return Optional.of(text(message.getContent()));
                    }
                }
                return Optional.empty();
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    /** The plain-text part of a mail (Keycloak sends text and HTML). */
    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.isMimeType("text/plain") || part.isMimeType("multipart/*")) {
                    return text(part.getContent());
                }
            }
            return text(parts.getBodyPart(0).getContent());
        }
        return String.valueOf(content);
    }
}
