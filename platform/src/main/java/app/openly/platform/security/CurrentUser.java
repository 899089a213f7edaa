package app.openly.platform.security;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * The person making this request, from the verified token only — never from a body or path.
 */
@RequestScoped
public class CurrentUser {

    public static final String ORG_CLAIM = "org";
    public static final String ORG_ADMIN_GROUP = "org-admin";

    @Inject
    JsonWebToken jwt;

    /** The token's {@code sub}. */
    public String id() {
        String sub = jwt == null ? null : jwt.getSubject();
        if (!SubjectCheck.usable(sub)) {
            throw new UnauthorizedException();
        }
        return sub;
    }

    /** The organization running the person's wellness program, if any. */
    public Optional<String> orgId() {
        if (jwt == null) {
            return Optional.empty();
        }
        Object org = jwt.getClaim(ORG_CLAIM);
        if (org == null) {
            return Optional.empty();
        }
        String value = org instanceof jakarta.json.JsonString s ? s.getString() : org.toString();
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public boolean isOrgAdminOf(String orgId) {
        return jwt != null && jwt.getGroups() != null && jwt.getGroups().contains(ORG_ADMIN_GROUP)
                && orgId().map(orgId::equals).orElse(false);
    }
}
