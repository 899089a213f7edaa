package app.openly.platform.messaging;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.InvalidEventException;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/** What every consumer of the platform reads off a Kafka record the same way: its event, and where it sits. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    /**
     * The record's event, whose key (when there is one) must be the event's person: records of one person share a
     * partition, so a record keyed by someone else would break their order.
     *
     * @throws InvalidEventException (or another RuntimeException of the decoder) when the record is not such an event
     */
    public static EventEnvelope decode(KafkaRecord<String, byte[]> record) {
        EventEnvelope event = EventJson.decode(record.getPayload());
        if (record.getKey() != null && !record.getKey().equals(event.userId())) {
            throw new InvalidEventException("record key does not match the event's user id");
        }
        return event;
    }

    /** {@code topic-partition@offset}: how logs name a record (never by its bytes). */
    public static String where(KafkaRecord<?, ?> record) {
        // Records from the connector are IncomingKafkaRecords; the interface has no offset.
        String offset = record instanceof IncomingKafkaRecord<?, ?> incoming ? String.valueOf(incoming.getOffset()) : "?";
        return record.getTopic() + "-" + record.getPartition() + "@" + offset;
    }
}
