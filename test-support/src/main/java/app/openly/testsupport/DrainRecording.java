package app.openly.testsupport;

import java.nio.file.Path;

/**
 * With {@code -Dbench.jfr=<directory>}: a JFR recording ({@code profile} settings) of a drain bench's measured drain
 * only, into {@code <directory>/<service>.jfr}, so the profile holds neither the start nor the warm-up's cold code.
 * One copy for the drain benches of reminder and insights.
 */
public final class DrainRecording {

    private DrainRecording() {
    }

    /** The started recording, or null when {@code bench.jfr} is not set. */
    public static jdk.jfr.Recording start(String service) throws Exception {
        String directory = System.getProperty("bench.jfr");
        if (directory == null || directory.isBlank()) {
            return null;
        }
        jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.setDestination(Path.of(directory, service + ".jfr"));
        recording.start();
        return recording;
    }

    /** Stops and writes the recording (nothing when it is null). */
    public static void stop(jdk.jfr.Recording recording) {
        if (recording != null) {
            recording.stop(); // writes the destination
            recording.close();
        }
    }
}
