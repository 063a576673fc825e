package dev.bulwark.hw.core;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pins the calling thread to one host CPU with Linux's {@code sched_setaffinity(2)}, called through the
 * FFM API (no JNI, no library to ship). Where that is impossible (not Linux, a C library without the call,
 * a CPU outside the process's allowed set, a container that forbids it) nothing is pinned and the
 * {@link Result} says why, in words: pinning is an optimisation, never a reason to stop.
 *
 * <p>The CPU set is the C library's {@code cpu_set_t}: 1024 bits, CPU {@code n} is bit {@code n % 64} of
 * word {@code n / 64} (little-endian words, as on every Linux the JDK runs on here).
 * <pre>
 *   word:  0                 1                        15
 *        [ cpus 0..63      ][ cpus 64..127        ] .. [ cpus 960..1023 ]
 * </pre>
 * Downcalls need native access: the launcher passes {@code --enable-native-access=ALL-UNNAMED} and the jar's
 * manifest says {@code Enable-Native-Access: ALL-UNNAMED}, so the JDK prints no warning.
 */
public final class CpuAffinity {
    /**
     * What a pin attempt did: {@code pinned} to {@code cpu}, or not, and then {@code why}. The reason names the
     * CPU only where the CPU is the reason, so the same failure on many CPUs reads the same and can be said once.
     */
    public record Result(int cpu, boolean pinned, String why) {
        static Result pinned(int cpu) {
            return new Result(cpu, true, "");
        }

        static Result notPinned(int cpu, String why) {
            return new Result(cpu, false, why);
        }
    }

    private static final int SET_BYTES = 128;
    private static final Native NATIVE = Native.load();

    private CpuAffinity() {
    }

    /** Whether this platform can pin threads at all; if not, {@link #unsupportedReason()} says why. */
    public static boolean isSupported() {
        return NATIVE.error == null;
    }

    /** Why pinning is not possible here, or an empty string. */
    public static String unsupportedReason() {
        return NATIVE.error == null ? "" : NATIVE.error;
    }

    /**
     * The host CPUs the calling thread may run on (its current affinity), ascending. Where that cannot be
     * read, CPUs {@code 0 .. availableProcessors - 1}.
     */
    public static List<Integer> allowedCpus() {
        if (NATIVE.error == null) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment set = arena.allocate(SET_BYTES, 8);
                MemorySegment state = arena.allocate(NATIVE.callState);
                int rc = (int) NATIVE.getAffinity.invokeExact(state, 0, (long) SET_BYTES, set);
                if (rc == 0) {
                    List<Integer> cpus = new ArrayList<>();
                    for (int cpu = 0; cpu < SET_BYTES * 8; cpu++) {
                        if ((set.get(ValueLayout.JAVA_LONG, (cpu >>> 6) * 8L) & (1L << cpu)) != 0) {
                            cpus.add(cpu);
                        }
                    }
                    if (!cpus.isEmpty()) {
                        return List.copyOf(cpus);
                    }
                }
            } catch (Throwable e) {
                // fall through to the JVM's count
            }
        }
        List<Integer> cpus = new ArrayList<>();
        for (int cpu = 0; cpu < Runtime.getRuntime().availableProcessors(); cpu++) {
            cpus.add(cpu);
        }
        return List.copyOf(cpus);
    }

    /** Pins the calling thread to host CPU {@code cpu}, or says why it could not. */
    public static Result pinCurrentThread(int cpu) {
        if (NATIVE.error != null) {
            return Result.notPinned(cpu, NATIVE.error);
        }
        if (cpu < 0 || cpu >= SET_BYTES * 8) {
            return Result.notPinned(cpu, "CPU " + cpu + " is outside the 0.." + (SET_BYTES * 8 - 1) + " a CPU set can name");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(SET_BYTES, 8);
            set.set(ValueLayout.JAVA_LONG, (cpu >>> 6) * 8L, 1L << cpu);
            MemorySegment state = arena.allocate(NATIVE.callState);
            int rc = (int) NATIVE.setAffinity.invokeExact(state, 0, (long) SET_BYTES, set);
            if (rc == 0) {
                return Result.pinned(cpu);
            }
            int errno = (int) NATIVE.errno.get(state, 0L);
            return Result.notPinned(cpu, "sched_setaffinity failed: " + describe(errno));
        } catch (Throwable e) {
            return Result.notPinned(cpu, "sched_setaffinity failed: " + e);
        }
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 1 -> "not permitted (EPERM)";
            case 3 -> "no such thread (ESRCH)";
            case 22 -> "the CPU is not online or not in this process's allowed set (EINVAL)";
            default -> "errno " + errno;
        };
    }

    /** The two downcalls and errno capture, or why they cannot be had on this platform. */
    private record Native(MethodHandle setAffinity, MethodHandle getAffinity, StructLayout callState,
                          VarHandle errno, String error) {
        static Native load() {
            if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
                return failed("thread pinning needs Linux's sched_setaffinity; this is " + System.getProperty("os.name"));
            }
            try {
                Linker linker = Linker.nativeLinker();
                Linker.Option errnoOption = Linker.Option.captureCallState("errno");
                StructLayout callState = Linker.Option.captureStateLayout();
                VarHandle errno = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                FunctionDescriptor signature = FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
                Optional<MemorySegment> set = linker.defaultLookup().find("sched_setaffinity");
                Optional<MemorySegment> get = linker.defaultLookup().find("sched_getaffinity");
                if (set.isEmpty() || get.isEmpty()) {
                    return failed("the C library has no sched_setaffinity");
                }
                return new Native(linker.downcallHandle(set.get(), signature, errnoOption),
                        linker.downcallHandle(get.get(), signature, errnoOption), callState, errno, null);
            } catch (IllegalCallerException e) {
                return failed("native access is not enabled (run with --enable-native-access=ALL-UNNAMED)");
            } catch (RuntimeException | LinkageError e) {
                return failed("the FFM linker is not available here: " + e);
            }
        }

        private static Native failed(String why) {
            return new Native(null, null, null, null, why);
        }
    }
}
