package app.openly.platform.startup;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Lines as JDK 17 writes them with {@code -Xlog:class+load=info:file=...:none} (no decorations). */
class ClassArchiveTrainingTest {

    @Test
    void namesTheClassOfALoadLine() {
        assertEquals("java.lang.Object", ClassArchiveTraining.className("java.lang.Object source: shared objects file"));
        assertEquals("org.apache.kafka.common.requests.FetchRequest",
                ClassArchiveTraining.className("org.apache.kafka.common.requests.FetchRequest source: jar:file:/app/lib/kafka-clients.jar!/"));
        assertEquals("a.B$Inner", ClassArchiveTraining.className("a.B$Inner source: file:/app/"));
    }

    @Test
    void skipsWhatTheArchiveCannotHold() {
        // hidden classes (lambdas, method handles' forms) carry their address after a slash
        assertNull(ClassArchiveTraining.className("app.openly.X$$Lambda$123/0x0000000800c4b2a0 source: app.openly.X"));
        assertNull(ClassArchiveTraining.className("java.lang.invoke.LambdaForm$MH/0x0000000800c01000 source: __JVM_LookupDefineClass__"));
        assertNull(ClassArchiveTraining.className(""));
        assertNull(ClassArchiveTraining.className("[Ljava.lang.String; source: shared objects file"));
    }
}
