package app.openly.insights.rest;

import app.openly.events.Practice;
import app.openly.platform.rest.QueryParams;
import app.openly.platform.persistence.Rows;
import app.openly.platform.security.CurrentUser;
import io.quarkus.hibernate.orm.panache.Panache;
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

    @GET
    public List<DayPractice> days(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate start = QueryParams.date("from", from, LocalDate.of(1970, 1, 1));
        LocalDate end = QueryParams.date("to", to, LocalDate.of(9999, 12, 31));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select local_date, practice, entries from daily_practice
                        where user_id = :u and local_date between :from and :to and entries > 0
                        order by local_date desc, practice""")
                .setParameter("u", user.id()).setParameter("from", start).setParameter("to", end)
                .getResultList();
        return rows.stream().map(r -> new DayPractice(Rows.date(r[0]), Practice.valueOf((String) r[1]),
                ((Number) r[2]).intValue())).toList();
    }
}
