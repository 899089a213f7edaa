package app.openly.reminder.domain.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code device_token} rows: a person's phones that receive mobile push. Native SQL because a registration is
 * an upsert on (platform, token) that hands the device to whoever registered it last; rows come back as records.
 */
@ApplicationScoped
public class DeviceTokens extends TargetStore<DeviceTokens.Device> {

    /** FCM registration tokens: base64url-like with ':' (Google does not fix the length; today about 160). */
    private static final Pattern FCM_TOKEN = Pattern.compile("[A-Za-z0-9_:.-]{32,4096}");
    /** APNs device tokens: hex, 32 bytes today; Apple says the length may grow (up to 100 bytes). */
    private static final Pattern APNS_TOKEN = Pattern.compile("(?:[0-9a-fA-F]{2}){32,100}");

    public enum Platform {
        /** Android, through Firebase Cloud Messaging (HTTP v1). */
        ANDROID,
        /** iOS, through the Apple Push Notification service (HTTP/2, token auth). */
        IOS
    }

    public record Device(UUID deviceId, String userId, Platform platform, String token, Instant createdAt) implements NotificationChannel.Target {
        /** The ledger names a device by its row id, never by its token (a token is a credential to push to the phone). */
        @Override
        public String id() {
            return deviceId.toString();
        }
    }

    public DeviceTokens() {
        super("device_token", "id, user_id, platform, token, created_at");
    }

    /** Why {@code token} is not a token of {@code platform}, or empty. */
    public static Optional<String> refusal(Platform platform, String token) {
        if (token == null || token.isBlank()) {
            return Optional.of("is required");
        }
        return switch (platform) {
            case ANDROID -> FCM_TOKEN.matcher(token).matches() ? Optional.empty()
                    : Optional.of("is not an FCM registration token (32 to 4096 characters of A-Z, a-z, 0-9, _ : . -)");
            case IOS -> APNS_TOKEN.matcher(token).matches() ? Optional.empty()
                    : Optional.of("is not an APNs device token (64 to 200 hexadecimal digits)");
        };
    }

    /**
     * Registers a device for the person. The same device again keeps its id; a device another person registered
     * before becomes this person's (with a new id): the phone is now theirs.
     */
    @Transactional
    public Device register(String userId, Platform platform, String token, Instant now) {
        String normalized = platform == Platform.IOS ? token.toLowerCase(java.util.Locale.ROOT) : token;
        em.createNativeQuery("""
                        insert into device_token (id, user_id, platform, token, created_at) values (:id, :userId, :platform, :token, :createdAt)
                        on conflict (platform, token) do update
                            set id = case when device_token.user_id = excluded.user_id then device_token.id else excluded.id end,
                                created_at = case when device_token.user_id = excluded.user_id then device_token.created_at else excluded.created_at end,
                                user_id = excluded.user_id""")
                .setParameter("id", UUID.randomUUID()).setParameter("userId", userId).setParameter("platform", platform.name())
                .setParameter("token", normalized).setParameter("createdAt", now.atOffset(ZoneOffset.UTC)).executeUpdate();
        return select("platform = :platform and token = :token", Map.of("platform", platform.name(), "token", normalized)).get(0);
    }

    @Transactional
    public List<Device> of(String userId, Platform platform) {
        return select("user_id = :userId and platform = :platform order by created_at, id", Map.of("userId", userId, "platform", platform.name()));
    }

    @Override
    protected Device row(Tuple row) {
        return new Device(row.get("id", UUID.class), row.get("user_id", String.class), Platform.valueOf(row.get("platform", String.class)),
                row.get("token", String.class), instant(row.get("created_at")));
    }
}
