package linkagent;

import java.lang.instrument.Instrumentation;

/**
 * Experiment of wave 11 (bench/START.md, "the Not linked classes"): JDK 17's dynamic archive (-XX:ArchiveClassesAtExit)
 * leaves out every class that was loaded but never linked in the training run (2,913 for reminder). This agent's
 * shutdown hook links every loaded class first (HotSpot links a class when reflection asks for its fields), so they are
 * archived too. Build: javac -d out LinkAgent.java && printf 'Premain-Class: linkagent.LinkAgent\n' > m.txt &&
 * jar cfm link-agent.jar m.txt -C out . — train and use with -XX:+UnlockDiagnosticVMOptions
 * -XX:+AllowArchivingWithJavaAgent -javaagent:link-agent.jar (the same three flags both times, else the JVM silently
 * ignores the archive). Not used by openly or deploy/.
 */
public final class LinkAgent {
    public static void premain(String args, Instrumentation inst) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int ok = 0, failed = 0;
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.isArray() || c.isPrimitive() || c.isHidden()) continue;
                try { c.getDeclaredFields(); ok++; } catch (Throwable t) { failed++; }
            }
            System.err.println("link-agent: linked " + ok + ", failed " + failed);
        }, "link-agent"));
    }
}
