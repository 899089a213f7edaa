package app.openly.platform.budget;

import app.openly.platform.problem.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Puts every request of a signed-in person through their budgets and says where they stand in the
 * headers of the IETF httpapi RateLimit draft ({@code RateLimit-Policy}, {@code RateLimit}); a spent
 * budget or too many requests at once is a 429 problem with {@code Retry-After}. Requests without a
 * person (a public key, a ticketed stream) are not counted here.
 */
public class BudgetFilter {

    static final String DECISION = BudgetFilter.class.getName() + ".decision";

    @Inject
    PersonBudgets budgets;
    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 1)
    public Uni<Response> take(ContainerRequestContext request, RoutingContext routing) {
        if (!budgets.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .map(identity -> decide(identity, request, routing));
    }

    private Response decide(SecurityIdentity identity, ContainerRequestContext request, RoutingContext routing) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getSubject() == null) {
            return null;
        }
        String person = jwt.getSubject();
        String method = request.getMethod();
        boolean write = !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
        PersonBudgets.Decision decision = budgets.take(person, write, System.nanoTime() / 1_000_000); // real time: a test's clock may stand still
        request.setProperty(DECISION, decision);
        if (!decision.allowed()) {
            String detail = decision.tooManyAtOnce()
                    ? "You have many requests running at once; please wait for them before sending more."
                    : "You have used this minute's " + decision.policy() + "; please try again in " + decision.retryAfterSeconds() + " s.";
            return Problem.of(429, "too-many-requests", "Please slow down a little", detail)
                    .withInstance(request.getUriInfo().getPath()).toResponseBuilder()
                    .header("Retry-After", String.valueOf(decision.retryAfterSeconds()))
                    .header("RateLimit-Policy", decision.policyHeader())
                    .header("RateLimit", decision.rateLimitHeader())
                    .build();
        }
        routing.addEndHandler(done -> budgets.release(person));
        return null;
    }

    @ServerResponseFilter
    public void announce(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof PersonBudgets.Decision decision && decision.allowed()) {
            response.getHeaders().putSingle("RateLimit-Policy", decision.policyHeader());
            response.getHeaders().putSingle("RateLimit", decision.rateLimitHeader());
        }
    }
}
