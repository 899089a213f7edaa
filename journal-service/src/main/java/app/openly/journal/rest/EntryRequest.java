package app.openly.journal.rest;

import app.openly.events.Feeling;
import app.openly.events.Practice;
import app.openly.events.RitualKind;
import app.openly.journal.domain.EntryInput;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One entry of any of the five practices: the common fields plus the fields of its {@code practice}.
 * A field of another practice is refused by name (see {@link app.openly.journal.domain.PracticeRules}).
 * Unknown fields are refused too; there is no user id here — the person is the token's subject.
 */
@Schema(description = "An entry of one of the five practices. Fields of other practices are refused.")
public record EntryRequest(
        @NotNull Practice practice,
        @NotNull @Schema(example = "2026-11-24T21:40:00+01:00") OffsetDateTime occurredAt,
        @NotBlank @Size(max = EntryRequest.TIME_ZONE_MAX) @Schema(example = "Europe/Berlin") String timeZone,
        @Size(max = 4000) String note,
        Feeling feeling,
        @Size(max = 10) List<@NotBlank @Size(max = 40) String> tags,
        // HONEST_SENTENCE
        @Size(max = 500) String sentence,
        @Size(max = 100) String sharedWith,
        Boolean shared,
        @Min(1) @Max(5) Integer courage,
        // PRESENT_LISTENING
        @Size(max = 100) String listenedTo,
        @Min(0) @Max(600) Integer minutes,
        @Min(0) @Max(10) Integer urgeToFix,
        @Size(max = 4000) String heard,
        // RITUAL_OF_OPENNESS
        RitualKind kind,
        @Size(max = 4000) String text,
        UUID ritualId,
        // INNER_CRITIC_REFRAME
        @Size(max = 4000) String whisper,
        @Size(max = 4000) String reframe,
        @Min(0) @Max(10) Integer intensityBefore,
        @Min(0) @Max(10) Integer intensityAfter,
        // BODY_ANCHOR
        @Min(1) @Max(1000) Integer breaths,
        Boolean handOnHeart,
        @Min(0) @Max(10) Integer calmBefore,
        @Min(0) @Max(10) Integer calmAfter,
        // RITUAL_OF_OPENNESS with a ritual partner
        @Schema(description = "RITUAL_OF_OPENNESS only: share this entry with your ritual partner; they read it once both of you shared for the night")
        Boolean shareWithPartner) {

    /** Longest IANA zone id accepted, here and in every timeZone query parameter (also documented). */
    public static final int TIME_ZONE_MAX = 64;


    /** The domain's input: the same fields, checked next by {@link app.openly.journal.domain.PracticeRules}. */
    public EntryInput toInput() {
        return new EntryInput(practice, occurredAt, timeZone, note, feeling, tags, sentence, sharedWith, shared, courage,
                listenedTo, minutes, urgeToFix, heard, kind, text, ritualId, whisper, reframe, intensityBefore, intensityAfter,
                breaths, handOnHeart, calmBefore, calmAfter, shareWithPartner);
    }
}
