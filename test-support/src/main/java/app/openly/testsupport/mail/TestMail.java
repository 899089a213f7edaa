package app.openly.testsupport.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real mail server for tests: GreenMail speaking SMTP (the service sends to it with quarkus-mailer, never the
 * mailer's mock) and IMAP (tests read every letter back over a real IMAP session and look at its headers, both
 * bodies and inline parts). One per test JVM, on free ports of 127.0.0.1. Mailboxes are created on delivery;
 * a mailbox's IMAP login and password are its address (GreenMail's rule for auto-created users).
 */
public final class TestMail {

    private static GreenMail server;

    /** A letter as read over IMAP. */
    public record ReadMail(String subject, String from, List<String> to, Map<String, List<String>> headers, String text, String html,
                           Map<String, InlinePart> inline, String raw) {
        public String header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(), List.of());
            return values.isEmpty() ? null : values.get(0);
        }
    }

    /** An inline part (e.g. the chart), by its Content-ID without angle brackets. */
    public record InlinePart(String contentType, byte[] bytes) {
    }

    private TestMail() {
    }

    public static synchronized GreenMail start() {
        if (server == null) {
            ServerSetup smtp = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            ServerSetup imap = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
            server = new GreenMail(new ServerSetup[]{smtp, imap});
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop()));
        }
        return server;
    }

    public static int smtpPort() {
        return start().getSmtp().getPort();
    }

    public static int imapPort() {
        return start().getImap().getPort();
    }

    /** The settings a service needs to send to this server. */
    public static Map<String, String> quarkusConfig() {
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(smtpPort()),
                "quarkus.mailer.mock", "false", "quarkus.mailer.start-tls", "DISABLED");
    }

    /** Every message in {@code address}'s inbox now, read over IMAP (empty when nothing arrived). */
    public static List<ReadMail> inbox(String address) {
        start();
        if (server.getUserManager().getUser(address) == null) {
            return List.of();
        }
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", Integer.toString(imapPort()));
        Session session = Session.getInstance(props);
        try {
            Store store = session.getStore("imap");
            store.connect("127.0.0.1", imapPort(), address, address);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    List<ReadMail> mails = new ArrayList<>();
                    for (Message m : inbox.getMessages()) {
                        mails.add(read((MimeMessage) m));
                    }
                    return mails;
                } finally {
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("reading the inbox over IMAP failed", e);
        }
    }

    /** Waits (up to {@code timeout}) until {@code address} has at least {@code count} messages, and returns them all. */
    public static List<ReadMail> awaitInbox(String address, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReadMail> mails = inbox(address);
            if (mails.size() >= count || System.nanoTime() > deadline) {
                return mails;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return mails;
            }
        }
    }

    private static ReadMail read(MimeMessage fromImap) throws MessagingException, IOException {
        // The whole message as the server holds it, parsed here: GreenMail's IMAP answers part-wise fetches (a part's
        // own MIME headers, such as Content-ID) incompletely, the raw RFC 822 text is exact.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        fromImap.writeTo(bytes);
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new java.io.ByteArrayInputStream(bytes.toByteArray()));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (var h : Collections.list(m.getAllHeaders())) {
            headers.computeIfAbsent(h.getName().toLowerCase(), k -> new ArrayList<>()).add(h.getValue());
        }
        String[] bodies = new String[2];
        Map<String, InlinePart> inline = new LinkedHashMap<>();
        walk(m, bodies, inline);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        m.writeTo(raw);
        List<String> to = new ArrayList<>();
        for (var a : m.getAllRecipients()) {
            to.add(a.toString());
        }
        return new ReadMail(m.getSubject(), m.getFrom()[0].toString(), to, headers, bodies[0], bodies[1], inline, raw.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void walk(Part part, String[] bodies, Map<String, InlinePart> inline) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                walk(mp.getBodyPart(i), bodies, inline);
            }
            return;
        }
        String[] contentId = part.getHeader("Content-ID");
        if (contentId != null && contentId.length > 0) {
            try (InputStream in = part.getInputStream()) {
                inline.put(contentId[0].replaceAll("^<|>$", ""), new InlinePart(part.getContentType(), in.readAllBytes()));
            }
            return;
        }
        if (part.isMimeType("text/plain") && bodies[0] == null && !(part instanceof BodyPart bp && Part.ATTACHMENT.equalsIgnoreCase(bp.getDisposition()))) {
            bodies[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html") && bodies[1] == null) {
            bodies[1] = (String) part.getContent();
        }
    }
}
