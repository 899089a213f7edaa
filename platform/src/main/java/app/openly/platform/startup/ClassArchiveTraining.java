package app.openly.platform.startup;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Makes the local stack's trained class-data archive (JDK 13–24, {@code ./openly up}'s first start after a build:
 * {@code -XX:ArchiveClassesAtExit}) hold the classes the training run loaded but never linked. JDK 17's dynamic archive
 * leaves those out ("Skipping ...: Not linked" — 2,913 of reminder's classes: Kafka request/response types the client
 * enumerates, client proxies, Hibernate's), so every later start parsed and verified them from the jars again
 * (bench/START.md, wave 11).
 * <p>
 * Only when the training start asks for it: {@code ./openly} then logs every class load to a file
 * ({@code -Xlog:class+load}) and names it in {@code openly.cds.link-loaded-classes}. At shutdown, before the JVM writes
 * the archive, each class named there is looked up without initializing it and linked (reflection on its fields makes
 * HotSpot link a class). Nothing runs in any other start, production included. A Java agent did the same in the
 * wave-11 experiment, but an archive written with an agent needs a diagnostic flag at every start and warns that it
 * is "for testing purposes only".
 */
@ApplicationScoped
public class ClassArchiveTraining {

    private static final Logger LOG = Logger.getLogger(ClassArchiveTraining.class);

    @ConfigProperty(name = "openly.cds.link-loaded-classes")
    Optional<String> loadedClassesLog;

    void linkBeforeTheArchiveIsWritten(@Observes ShutdownEvent event) {
        loadedClassesLog.ifPresent(log -> link(Path.of(log)));
    }

    private void link(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warnf("class archive training: cannot read %s (%s); the archive leaves out unlinked classes", log,
                    e.getClass().getSimpleName());
            return;
        }
        // The loader that loaded the application (Quarkus' runner class loader): it sees every jar of the service and
        // delegates the JDK's classes to their own loaders.
        ClassLoader loader = ClassArchiveTraining.class.getClassLoader();
        int linked = 0;
        int failed = 0;
        for (String line : lines) {
            String name = className(line);
            if (name == null) {
                continue;
            }
            try {
                Class.forName(name, false, loader).getDeclaredFields();
                linked++;
            } catch (Throwable notLinkable) { // e.g. a class whose dependencies are not on the class path: skip it
                failed++;
            }
        }
        LOG.infof("class archive training: linked %d loaded classes (%d could not be)", linked, failed);
    }

    /**
     * The class name of one {@code -Xlog:class+load} line without decorations ({@code "java.lang.Object source: jrt:/java.base"});
     * null for lines that name no class the archive could hold (hidden and lambda classes: {@code Foo$$Lambda/0x...}).
     */
    static String className(String line) {
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.startsWith("[")) {
            return null;
        }
        return name;
    }
}
