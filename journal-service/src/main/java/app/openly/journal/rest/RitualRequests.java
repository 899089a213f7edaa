package app.openly.journal.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of /api/v1/rituals. */
final class RitualRequests {

    private RitualRequests() {
    }

    /** Inviting or accepting: the name you want your partner to see (not your id, not your e-mail). */
    @Schema(description = "The name your ritual partner will see for you.")
    record DisplayName(
            @NotBlank @Size(max = 40) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
            @Schema(example = "Sam") String displayName) {
    }
}
