package app.openly.platform.security;

import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.security.auth.Subject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A verified token whose claims are each looked up once, then answered from memory. Why: smallrye-jwt (4.6) looks a
 * claim name up as a constant of {@code Claims} first and, for a name the MicroProfile spec does not define (our
 * {@code org}), learns that from the {@code IllegalArgumentException} {@code Enum.valueOf} throws, stack trace filled
 * in. {@link CurrentUser#orgId()} asks for {@code org} on every write, so journal threw and caught one exception per
 * POST /entries (found with perf under the bench: {@code fill_in_stack_trace} among journal's hottest native frames,
 * issue 17). A token's claims never change, and {@link CachingJwtParser} hands the same verified token to every request
 * that carries it, so each claim is read from smallrye-jwt once per token instead of once per request.
 * <p>
 * Everything else is the verified token's own answer.
 */
final class ClaimsReadOnce implements JsonWebToken {

    /** Stands for a claim the token does not have (a ConcurrentHashMap holds no nulls). */
    private static final Object ABSENT = new Object();

    private final JsonWebToken verified;
    private final ConcurrentMap<String, Object> claims = new ConcurrentHashMap<>();

    ClaimsReadOnce(JsonWebToken verified) {
        this.verified = verified;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        Object value = claims.computeIfAbsent(claimName, name -> {
            Object read = verified.getClaim(name);
            return read == null ? ABSENT : read;
        });
        return value == ABSENT ? null : (T) value;
    }

    @Override
    public String getName() {
        return verified.getName();
    }

    @Override
    public Set<String> getClaimNames() {
        return verified.getClaimNames();
    }

    @Override
    public String getRawToken() {
        return verified.getRawToken();
    }

    @Override
    public String getIssuer() {
        return verified.getIssuer();
    }

    @Override
    public Set<String> getAudience() {
        return verified.getAudience();
    }

    @Override
    public String getSubject() {
        return verified.getSubject();
    }

    @Override
    public String getTokenID() {
        return verified.getTokenID();
    }

    @Override
    public long getExpirationTime() {
        return verified.getExpirationTime();
    }

    @Override
    public long getIssuedAtTime() {
        return verified.getIssuedAtTime();
    }

    @Override
    public Set<String> getGroups() {
        return verified.getGroups();
    }

    @Override
    public boolean containsClaim(String claimName) {
        return verified.containsClaim(claimName);
    }

    @Override
    public boolean implies(Subject subject) {
        return verified.implies(subject);
    }

    @Override
    public String toString() {
        return verified.toString();
    }
}
