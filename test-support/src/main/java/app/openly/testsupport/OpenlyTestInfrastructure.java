package app.openly.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: real PostgreSQL (the service's own database, named by the
 * {@code database} init arg) and a real Kafka broker, plus the public key that verifies
 * {@link TestTokens}. Register it once per service with
 * {@code @WithTestResource(value = OpenlyTestInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "journal"), scope = TestResourceScope.GLOBAL)}
 * or, simpler, through a subclass.
 */
public class OpenlyTestInfrastructure implements QuarkusTestResourceLifecycleManager {

    private String database = "openly";

    /** Subclasses name their service's database. */
    protected String database() {
        return database;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database());
    }

    @Override
    public Map<String, String> start() {
        var db = SharedInfrastructure.database(database());
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        config.put("quarkus.datasource.username", db.user());
        config.put("quarkus.datasource.password", db.password());
        config.put("kafka.bootstrap.servers", SharedInfrastructure.kafkaBootstrapServers());
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyFile().toUri().toString());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        return config;
    }

    @Override
    public void stop() {
        // Servers live for the whole test JVM and stop with it.
    }
}
