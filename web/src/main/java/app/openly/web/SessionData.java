package app.openly.web;

import java.time.Instant;
import java.util.List;

/**
 * What the browser's session cookie carries, sealed (it cannot read or change it): the access token the
 * web process forwards to the services, who the person is for the screen, and the CSRF token.
 */
public record SessionData(String accessToken, String userId, String org, List<String> roles, String csrfToken, Instant expiresAt) {
}
