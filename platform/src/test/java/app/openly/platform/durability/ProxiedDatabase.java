package app.openly.platform.durability;

import app.openly.testsupport.OpenlyTestInfrastructure;
import app.openly.testsupport.TcpProxy;

import java.net.URI;
import java.util.Map;

/**
 * The test application's database is reached through a {@link TcpProxy}, so a test can take the database away
 * (every connection reset, new ones refused) and bring it back on the same address.
 */
public class ProxiedDatabase extends OpenlyTestInfrastructure {

    private static TcpProxy proxy;

    public static TcpProxy proxy() {
        return proxy;
    }

    @Override
    protected String database() {
        return "platform";
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(super.start());
        String url = config.get("quarkus.datasource.jdbc.url");
        URI uri = URI.create(url.substring("jdbc:".length()));
        proxy = new TcpProxy(uri.getHost(), uri.getPort());
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
