package app.openly.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where the three services are, how people sign in, and how the session cookie is sealed. */
@ConfigMapping(prefix = "openly.web")
public interface WebConfig {

    /** Base URLs of the services; the paths each one serves are fixed in {@link ApiRoutes}, like the Ingress. */
    Upstreams upstreams();

    Auth auth();

    Session session();

    interface Upstreams {
        @WithDefault("http://localhost:8081")
        URI journal();

        @WithDefault("http://localhost:8082")
        URI reminder();

        @WithDefault("http://localhost:8083")
        URI insights();

        /** How long a service may take to start answering before the browser gets a 504. */
        @WithDefault("30s")
        Duration timeout();

        /**
         * The live notification stream may be silent this long before it is closed: longer than the
         * reminder-service's heartbeat (20 s), so only a stream that really stopped is cut (EventSource reconnects).
         */
        @WithDefault("75s")
        Duration streamIdleTimeout();
    }

    interface Auth {
        /** {@code local}: pick a demo person, tokens minted with the local key. {@code oidc}: authorization code + PKCE. */
        @WithDefault("local")
        Mode mode();

        Local local();

        Oidc oidc();

        enum Mode { LOCAL, OIDC }

        interface Local {
            /** PKCS#8 PEM of the key ./openly signs with (.openly/keys/jwt-private.pem). */
            Optional<String> signingKeyLocation();

            @WithDefault("https://openly.local/issuer")
            String issuer();

            @WithDefault("demo-org")
            String org();

            /** The people one can sign in as; {@code lead} is the organization's admin. */
            @WithDefault("demo-user,amara,mei,jonas,leila,tomas,noor,sven,lead")
            List<String> people();

            @WithDefault("lead")
            List<String> orgAdmins();

            @WithDefault("8h")
            Duration tokenLifetime();
        }

        interface Oidc {
            /** The issuer; its /.well-known/openid-configuration names the endpoints. */
            Optional<URI> issuer();

            Optional<String> clientId();

            /** Confidential clients only; a public client relies on PKCE alone. */
            Optional<String> clientSecret();

            /** Where the provider sends the browser back: https://your-host/bff/callback. */
            Optional<URI> redirectUri();

            @WithDefault("openid profile")
            String scopes();
        }
    }

    interface Session {
        /** Base64 of 32 bytes sealing the session cookie (AES-GCM); every replica needs the same one. Absent: a fresh key per start. */
        Optional<String> key();

        /** A session never outlives its access token, and never this. */
        @WithDefault("8h")
        Duration maxAge();
    }
}
