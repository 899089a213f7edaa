package app.openly.reminder.domain.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The live streams open on this replica, by person. Each replica reads every due event itself (see
 * {@code ReminderDueStreamFeed}), so a person's page gets their reminders whichever replica it is connected to.
 */
@ApplicationScoped
public class StreamHub {

    /** One open stream: where its messages go, and how to end it. */
    public record Listener(String userId, String ticketHash, Consumer<String> messages, Runnable close) {
    }

    private final Map<String, Set<Listener>> byUser = new ConcurrentHashMap<>();

    public void open(Listener l) {
        byUser.computeIfAbsent(l.userId(), u -> ConcurrentHashMap.newKeySet()).add(l);
    }

    public void closed(Listener l) {
        byUser.computeIfPresent(l.userId(), (u, set) -> {
            set.remove(l);
            return set.isEmpty() ? null : set;
        });
    }

    public boolean hasListeners(String userId) {
        return byUser.containsKey(userId);
    }

    /** @return how many open streams got the message */
    public int publish(String userId, String messageJson) {
        Set<Listener> listeners = byUser.getOrDefault(userId, Set.of());
        listeners.forEach(l -> l.messages().accept(messageJson));
        return listeners.size();
    }

    /** A ticket presented again: the stream it opened here ends. */
    public void closeTicket(String ticketHash) {
        byUser.values().forEach(set -> set.stream().filter(l -> l.ticketHash().equals(ticketHash)).toList().forEach(l -> l.close().run()));
    }

    public int open() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }
}
