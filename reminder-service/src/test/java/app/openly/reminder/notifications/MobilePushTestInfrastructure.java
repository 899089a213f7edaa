package app.openly.reminder.notifications;

import app.openly.reminder.ReminderTestInfrastructure;
import app.openly.testsupport.push.ApnsStandIn;
import app.openly.testsupport.push.FcmStandIn;

import java.util.HashMap;
import java.util.Map;

/** The service's real PostgreSQL and Kafka, plus FCM and APNs stand-ins the service is configured to use. */
public class MobilePushTestInfrastructure extends ReminderTestInfrastructure {

    static FcmStandIn fcm;
    static ApnsStandIn apns;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        synchronized (MobilePushTestInfrastructure.class) {
            if (fcm == null) {
                fcm = FcmStandIn.start();
                apns = ApnsStandIn.start();
            }
        }
        config.put("openly.notifications.fcm.service-account", fcm.serviceAccountJson());
        config.put("openly.notifications.fcm.base-url", fcm.baseUrl());
        config.put("openly.notifications.apns.base-url", apns.baseUrl());
        config.put("openly.notifications.apns.private-key", apns.signingKeyPem());
        config.put("openly.notifications.apns.key-id", apns.keyId());
        config.put("openly.notifications.apns.team-id", apns.teamId());
        config.put("openly.notifications.apns.topic", ApnsStandIn.TOPIC);
        config.put("openly.notifications.apns.trust-store", apns.trustStore());
        config.put("openly.notifications.apns.trust-store-password", apns.trustStorePassword());
        return config;
    }
}
