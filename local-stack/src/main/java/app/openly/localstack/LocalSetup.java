package app.openly.localstack;

import app.openly.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates, if missing, the role and the three service databases, and every topic of the system. */
final class LocalSetup {

    static final List<String> DATABASES = List.of("journal", "reminder", "insights");
    static final int PARTITIONS = 3;

    private LocalSetup() {
    }

    static void run(int pgPort, String kafkaBootstrap) throws Exception {
        String url = "jdbc:postgresql://localhost:" + pgPort + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            if (!exists(s, "select 1 from pg_roles where rolname = 'openly'")) {
                s.execute("create role openly login password 'openly'");
            }
            for (String db : DATABASES) {
                if (!exists(s, "select 1 from pg_database where datname = '" + db + "'")) {
                    s.execute("create database " + db + " owner openly");
                }
            }
        } catch (SQLException e) {
            throw new LocalStackException("cannot prepare PostgreSQL databases: " + e.getMessage(), e);
        }
        if (kafkaBootstrap != null) {
            createTopics(kafkaBootstrap);
        }
        System.out.println("databases " + DATABASES + " and topics " + Topics.ALL + " are ready");
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static void createTopics(String bootstrap) throws InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(p)) {
            var wanted = Topics.ALL.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            for (var f : admin.createTopics(wanted).values().values()) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LocalStackException("cannot create Kafka topics: " + e.getCause().getMessage(), e);
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new LocalStackException("Kafka did not answer within 30 s while creating topics", e);
                }
            }
        }
    }
}
