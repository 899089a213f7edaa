package app.openly.journal.rest;

import app.openly.events.RitualKind;
import app.openly.journal.domain.DecryptedEntry;
import app.openly.journal.domain.ritual.Pairing;
import app.openly.journal.domain.ritual.RitualReading;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** Response bodies of /api/v1/rituals. The partner appears only by the name they chose. */
final class RitualResponses {

    private RitualResponses() {
    }

    /** A new invitation: the code (shown once, stored only hashed), its link form and until when it pairs. */
    record Invitation(String code, String link, Instant expiresAt) {
    }

    record Partner(String displayName, Instant pairedSince) {
        static Partner of(Pairing.PartnerView view) {
            return new Partner(view.displayName(), view.pairedSince());
        }
    }

    /** What the partner shared for a revealed night: the ritual itself, nothing else of the entry. */
    record PartnerRitual(RitualKind kind, String text, OffsetDateTime occurredAt) {
        static PartnerRitual of(DecryptedEntry d) {
            var e = d.entry();
            return new PartnerRitual(d.metrics().ritualKind(), d.content().text(), e.occurredAt.atZone(ZoneId.of(e.timeZone)).toOffsetDateTime());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PartnerNight(RitualReading.PartnerState state, List<PartnerRitual> entries) {
    }

    /** One ritual night: my entries, and the partner's state (their text only once both shared). */
    record Night(LocalDate night, List<EntryResponse> mine, PartnerNight partner) {
        static Night of(RitualReading.Night n) {
            return new Night(n.night(), n.mine().stream().map(EntryResponse::of).toList(),
                    new PartnerNight(n.partnerState(), n.partnerState() == RitualReading.PartnerState.REVEALED
                            ? n.partners().stream().map(PartnerRitual::of).toList() : null));
        }
    }

    record History(String partnerName, List<Night> items,
                   @Schema(description = "Pass back as cursor for the next page; null on the last page", nullable = true) String nextCursor) {
    }
}
