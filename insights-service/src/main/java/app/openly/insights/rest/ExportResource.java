package app.openly.insights.rest;

import app.openly.platform.privacy.PersonalDataExportResource;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Path;

/**
 * insights-service's part of the caller's data export (sharing choice, pauses, days, weekly sums, themes, streaks): every table keyed by the
 * person, from the platform's catalogue. journal-service's /me/export holds the entries.
 */
@Path("/api/v1/insights/export")
@Authenticated
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "My data", description = "Your rights over your data: what this service keeps about you")
public class ExportResource extends PersonalDataExportResource {
}
