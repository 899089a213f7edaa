package app.openly.localstack;

import app.openly.platform.messaging.DeadLetters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code ./openly dlq list|replay TOPIC}: what is on a dead-letter topic, and sending it back where it came from. */
final class DeadLetterCommands {

    private DeadLetterCommands() {
    }

    static void list(String bootstrap, String topic) {
        var entries = DeadLetters.list(bootstrap, topic);
        String dlq = DeadLetters.deadLetterTopicOf(topic);
        if (entries.isEmpty()) {
            System.out.println(dlq + " is empty.");
            return;
        }
        System.out.printf("%-9s %-7s %-24s %-8s %-36s %-14s %s%n", "PARTITION", "OFFSET", "DEAD-LETTERED", "STATE", "EVENT", "TYPE", "REASON");
        long pending = 0;
        for (var e : entries) {
            if (!e.replayed()) {
                pending++;
            }
            System.out.printf("%-9d %-7d %-24s %-8s %-36s %-14s %s%n", e.partition(), e.offset(), e.timestamp(),
                    e.replayed() ? "replayed" : "pending", e.eventId() == null ? "(undecodable)" : e.eventId(),
                    e.type() == null ? "-" : e.type(), e.reason() == null ? "-" : e.reason());
        }
        System.out.println(entries.size() + " record(s) on " + dlq + ", " + pending + " not replayed yet"
                + (pending > 0 ? ": ./openly dlq replay " + topic : "."));
    }

    static void replay(String bootstrap, String topic, boolean again, Path record) throws Exception {
        var replay = DeadLetters.replay(bootstrap, topic, again);
        if (replay.replayed().isEmpty()) {
            System.out.println("Nothing to replay on " + replay.deadLetterTopic() + " (every record was replayed before;"
                    + " --again sends them all once more).");
            return;
        }
        List<String> lines = new ArrayList<>();
        String now = Instant.now().toString();
        for (String line : replay.replayed()) {
            System.out.println("replayed " + line);
            lines.add(now + " " + line);
        }
        try {
            Files.createDirectories(record.getParent());
            Files.write(record, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("openly: replayed, but could not append to " + record + ": " + e.getMessage());
        }
        System.out.println(replay.replayed().size() + " record(s) republished; consumers apply each event once"
                + " (by event id). Recorded in " + record + " and as the offsets of consumer group " + DeadLetters.REPLAY_GROUP + ".");
    }
}
