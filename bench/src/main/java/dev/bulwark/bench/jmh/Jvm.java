package dev.bulwark.bench.jmh;

/**
 * The options every JMH fork needs: what the bench jar's manifest gives {@code java -jar} (native access for the
 * FFM downcalls, the export Agrona 2.x needs for {@code jdk.internal.misc.Unsafe}), and quiet for JMH 1.37's
 * own {@code sun.misc.Unsafe} call, which JDK 24+ warns about.
 */
final class Jvm {
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String AGRONA_EXPORT = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String JMH_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    private Jvm() {
    }
}
