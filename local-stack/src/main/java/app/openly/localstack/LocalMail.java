package app.openly.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The local stack's mail server: GreenMail, a real SMTP + IMAP server on 127.0.0.1, so the letters reminder-service
 * sends locally arrive somewhere a person can read them. Every message that arrives is also written to
 * {@code .openly/mail/} as an {@code .eml} file (any mail client opens one), which is what {@code ./openly mail} lists.
 * IMAP: log in with the address as user name and as password (GreenMail creates mailboxes on delivery).
 */
public final class LocalMail {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private LocalMail() {
    }

    /** Runs the server until the process is stopped (SIGTERM from ./openly down). */
    public static void runUntilStopped(int smtpPort, int imapPort, Path dir) throws Exception {
        Files.createDirectories(dir);
        GreenMail server = new GreenMail(new ServerSetup[]{
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        System.out.printf("mail server: SMTP 127.0.0.1:%d, IMAP 127.0.0.1:%d, copies in %s%n", smtpPort, imapPort, dir);
        // GreenMail keeps messages in memory (from 0 on every start); the files carry on numbering after earlier runs.
        int fileNumber = existing(dir);
        int copied = 0;
        while (stopped.getCount() > 0) {
            MimeMessage[] received = server.getReceivedMessages();
            for (; copied < received.length; copied++) {
                Path file = dir.resolve(String.format("%06d.eml", ++fileNumber));
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    received[copied].writeTo(out);
                }
            }
            Thread.sleep(300);
        }
    }

    /** Prints what arrived (newest last), optionally only for one address. */
    public static void list(Path dir, String to) throws IOException, MessagingException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().forEach(files::add);
            }
        }
        Session session = Session.getInstance(new Properties());
        int shown = 0;
        for (Path file : files) {
            MimeMessage m;
            try (InputStream in = Files.newInputStream(file)) {
                m = new MimeMessage(session, in);
            }
            List<String> recipients = new ArrayList<>();
            Address[] all = m.getRecipients(Message.RecipientType.TO);
            if (all != null) {
                Arrays.stream(all).map(Address::toString).forEach(recipients::add);
            }
            if (to != null && recipients.stream().noneMatch(r -> r.toLowerCase().contains(to.toLowerCase()))) {
                continue;
            }
            shown++;
            String when = m.getSentDate() == null ? "" : WHEN.format(m.getSentDate().toInstant());
            System.out.printf("%s  to %s  \"%s\"%n    %s%n", when, String.join(", ", recipients), m.getSubject(), file);
            String unsubscribe = m.getHeader("List-Unsubscribe", null);
            if (unsubscribe != null) {
                System.out.printf("    one-click unsubscribe: %s%n", unsubscribe);
            }
        }
        if (shown == 0) {
            System.out.println(to == null ? "No mail has arrived yet." : "No mail has arrived for " + to + " yet.");
        }
    }

    private static int existing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> p.getFileName().toString().endsWith(".eml")).count();
        }
    }
}
