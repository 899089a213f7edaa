package app.openly.journal.rest;

import app.openly.events.Practice;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;

public record CreateEntryRequest(
        @NotNull Practice practice,
        @NotNull OffsetDateTime occurredAt,
        @NotBlank @Size(max = 64) String timeZone) {
}
