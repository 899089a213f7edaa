package app.openly.reminder.rest;

import app.openly.platform.privacy.PersonalDataExportResource;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Path;

/**
 * reminder-service's part of the caller's data export (preferences, learned practice times, reminders and answers): every table keyed by the
 * person, from the platform's catalogue. journal-service's /me/export holds the entries.
 */
@Path("/api/v1/reminders/export")
@Authenticated
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "My data", description = "Your rights over your data: what this service keeps about you")
public class ExportResource extends PersonalDataExportResource {
}
