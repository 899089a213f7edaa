package app.openly.reminder.domain.delivery;

import app.openly.reminder.domain.delivery.DeviceTokens.Device;
import app.openly.reminder.domain.delivery.DeviceTokens.Platform;
import jakarta.inject.Inject;

import java.util.List;

/**
 * A mobile push channel (FCM for Android, APNs for iOS): what both do alike. Its targets are the person's registered
 * devices of its {@link #platform()}, none while the channel has no credentials; a device the vendor calls gone is
 * deleted. The vendor's protocol is the subclass's.
 */
public abstract class PhoneChannel implements NotificationChannel<Device> {

    @Inject
    DeviceTokens devices;

    /** The devices this channel reaches. */
    protected abstract Platform platform();

    /** Whether the vendor's credentials are configured (without them, registering such a phone answers 503). */
    public abstract boolean enabled();

    @Override
    public Channel route() {
        return Channel.MOBILE_PUSH;
    }

    @Override
    public List<Device> targetsOf(String userId) {
        return enabled() ? devices.of(userId, platform()) : List.of();
    }

    @Override
    public void prune(Device target) {
        devices.prune(target.deviceId());
    }
}
