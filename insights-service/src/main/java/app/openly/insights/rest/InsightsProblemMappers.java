package app.openly.insights.rest;

import app.openly.insights.domain.WeekNotBegunException;
import app.openly.platform.problem.Problem;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** insights-service's domain exceptions as RFC 9457 problems: the domain says what went wrong, only here does it become HTTP. */
public class InsightsProblemMappers {

    @Context
    UriInfo uriInfo;

    @ServerExceptionMapper
    public Response weekNotBegun(WeekNotBegunException e) {
        return Problem.invalidField("week", "has not begun yet in your time zone (" + e.zone().getId() + ")")
                .withInstance(uriInfo.getPath()).toResponse();
    }
}
