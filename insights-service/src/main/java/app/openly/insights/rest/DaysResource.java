package app.openly.insights.rest;

import app.openly.events.Practice;
import app.openly.insights.domain.DailyPracticeStore;
import app.openly.platform.input.DateRange;
import app.openly.platform.rest.QueryParams;
import app.openly.platform.security.CurrentUser;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.util.List;

/** The caller's practice counts per local day, from the precomputed counters. */
@Path("/api/v1/insights/days")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DaysResource {

    public record DayPractice(LocalDate localDate, Practice practice, int entries) {
    }

    @Inject
    CurrentUser user;
    @Inject
    DailyPracticeStore dailyPractice;

    @GET
    public List<DayPractice> days(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate start = QueryParams.date("from", from, DateRange.FIRST_DAY);
        LocalDate end = QueryParams.date("to", to, DateRange.LAST_DAY);
        QueryParams.requireOrdered("from", start, "to", end);
        return dailyPractice.days(user.id(), start, end).stream()
                .map(d -> new DayPractice(d.localDate(), d.practice(), d.entries())).toList();
    }
}
