package app.openly.platform.security;

import app.openly.platform.input.SafeText;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified token is still refused (401, everywhere, before any resource runs) when its {@code sub} is
 * not a usable identity: absent, blank, padded with spaces, longer than 255 characters, or holding a
 * control, bidi-override or unpaired-surrogate character. Every table keys a person by this value, so it
 * must be one exact, printable string.
 */
@ApplicationScoped
public class SubjectCheck implements SecurityIdentityAugmentor {

    static final int MAX_SUBJECT_LENGTH = 255;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        if (!usable(jwt.getSubject())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unusable sub"));
        }
        return Uni.createFrom().item(identity);
    }

    static boolean usable(String sub) {
        return sub != null && !sub.isBlank() && sub.length() <= MAX_SUBJECT_LENGTH && sub.strip().equals(sub)
                && sub.chars().noneMatch(c -> c < 0x20) && SafeText.isSafe(sub);
    }
}
