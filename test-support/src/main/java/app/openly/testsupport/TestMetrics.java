package app.openly.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the service under test's own Prometheus endpoint on its management port, as the ServiceMonitor in deploy/ does. */
public final class TestMetrics {

    private TestMetrics() {
    }

    /** The sum of all samples of {@code name}, whatever their labels; 0 when there is none yet. */
    public static double value(String name) {
        return sum(Pattern.compile("^" + Pattern.quote(name) + "(?:\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE));
    }

    /** The sum of the samples of {@code name} carrying {@code label="value"}; 0 when there is none yet. */
    public static double value(String name, String label, String value) {
        return sum(Pattern.compile("^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label + "=\"" + value + "\"")
                + "[^}]*}\\s+(\\S+)", Pattern.MULTILINE));
    }

    private static double sum(Pattern sample) {
        String text = TestManagement.given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = sample.matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
