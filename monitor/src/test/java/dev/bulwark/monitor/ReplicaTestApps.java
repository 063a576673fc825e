package dev.bulwark.monitor;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.monitor.policy.Backoff;
import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.spec.ChannelSpec;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppRegistry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Apps and chips for the tests of redundant execution. */
final class ReplicaTestApps {
    /** Messages each feeder sends to each of its receivers. */
    static final int MESSAGES = 150;
    /** Timer firings the journal waits for. */
    static final int TICKS = 40;

    private ReplicaTestApps() {
    }

    /**
     * Sends {@code count} numbered messages to each sandbox of {@code to} (comma-separated), one every {@code period}
     * ns; a message a full channel refuses is sent again at the next tick, so every receiver gets all of them.
     */
    static final class Feeder implements App {
        private final List<String> to;
        private final int count;
        private final long period;
        private final List<Sender> out = new ArrayList<>();
        private int[] sent;

        Feeder(Map<String, String> params) {
            to = Arrays.asList(params.get("to").split(","));
            count = Integer.parseInt(params.get("count"));
            period = Long.parseLong(params.get("period"));
        }

        @Override
        public void start(AppContext ctx) {
            to.forEach(t -> out.add(ctx.channelTo(t)));
            sent = new int[out.size()];
            ctx.setTimer(0, 1);
        }

        @Override
        public void onTimer(AppContext ctx, long timerId) {
            boolean more = false;
            for (int r = 0; r < out.size(); r++) {
                if (sent[r] < count) {
                    byte[] payload = new byte[16];
                    java.nio.ByteBuffer.wrap(payload).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, sent[r])
                            .putLong(8, ctx.sandboxName().hashCode());
                    if (out.get(r).send(5, payload)) {
                        sent[r]++;
                    }
                    more |= sent[r] < count;
                }
            }
            if (more) {
                ctx.setTimer(period, 1);
            }
        }
    }

    /**
     * Folds every input it gets (which channel's sender, its seq and payload, and {@code now()} at handling) into a
     * hash chain in its memory, and sends the running state to its sink after each: what it does depends on the
     * order of its inputs and on the clock, so two copies agree only if both are identical.
     * Memory: {@code 0 messages | 8 hash | 16 timer firings | 24 last now()}.
     */
    static final class Journal implements App {
        private final String sink;
        private MemoryWindow memory;
        private Sender out;

        Journal(Map<String, String> params) {
            sink = params.get("sink");
        }

        @Override
        public void start(AppContext ctx) {
            memory = ctx.memory();
            out = ctx.channelTo(sink);
            if (memory.getLong(16) < TICKS) {
                ctx.setTimer(200_000, 7);
            }
        }

        @Override
        public void onMessage(AppContext ctx, Message m) {
            long h = mix(memory.getLong(8), m.sender(), m.seq(), m.getLong(0), m.getLong(8), ctx.now());
            memory.putLong(0, memory.getLong(0) + 1);
            record(ctx, h);
        }

        @Override
        public void onTimer(AppContext ctx, long timerId) {
            long h = mix(memory.getLong(8), -1, timerId, ctx.now(), 0, 0);
            long fired = memory.getLong(16) + 1;
            memory.putLong(16, fired);
            record(ctx, h);
            if (fired < TICKS) {
                ctx.setTimer(100_000 + (h & 0x3FFFF), 7);
            }
        }

        private void record(AppContext ctx, long h) {
            memory.putLong(8, h);
            memory.putLong(24, ctx.now());
            byte[] state = new byte[24];
            java.nio.ByteBuffer.wrap(state).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putLong(0, memory.getLong(0)).putLong(8, h).putLong(16, memory.getLong(16));
            out.send(9, state);
        }

        private static long mix(long h, long... values) {
            for (long v : values) {
                h = (h ^ v) * 0x9E3779B97F4A7C15L;
                h ^= h >>> 29;
            }
            return h;
        }

        static long messages(MemorySegment appMemory) {
            return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        }

        static long hash(MemorySegment appMemory) {
            return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 8);
        }

        static long ticks(MemorySegment appMemory) {
            return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 16);
        }
    }

    /** A count at or above this in a journal's output is wrong: only a flipped bit 40 of its count makes one. */
    static final long WRONG = 1L << 40;

    /**
     * The journal's receiver, checking what reaches it. Memory: {@code 0 messages | 8 highest count seen | 16 outputs
     * whose count was {@link #WRONG} or more}.
     */
    static final class Watch implements App {
        private MemoryWindow memory;

        @Override
        public void start(AppContext ctx) {
            memory = ctx.memory();
        }

        @Override
        public void onMessage(AppContext ctx, Message m) {
            long count = m.getLong(0);
            memory.putLong(0, memory.getLong(0) + 1);
            memory.putLong(8, Math.max(memory.getLong(8), count));
            if (count >= WRONG) {
                memory.putLong(16, memory.getLong(16) + 1);
            }
        }

        static long received(MemorySegment appMemory) {
            return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        }

        static long wrong(MemorySegment appMemory) {
            return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 16);
        }
    }

    static final AppDescriptor WATCH = AppDescriptor.of("watch", "Checks what a journal sends.", params -> new Watch());

    static final AppDescriptor FEEDER = AppDescriptor.of("feeder", "Sends numbered messages.", Feeder::new)
            .withParams(AppParam.required("to", AppParam.Kind.TEXT, "where to send"),
                    AppParam.required("count", AppParam.Kind.TEXT, "how many"),
                    AppParam.required("period", AppParam.Kind.TEXT, "nanoseconds between two"));
    static final AppDescriptor JOURNAL = AppDescriptor.of("journal", "Hashes its inputs and their times.", Journal::new)
            .withParams(AppParam.required("sink", AppParam.Kind.PEER, "where its state goes"));

    static AppRegistry registry() {
        return AppRegistry.of(FEEDER, JOURNAL, TestApps.TALLY, WATCH);
    }

    /** {@code redundant} with {@code copies} on cores 2, 3 (and 4), then {@code restart}. */
    static RecoverySpec redundant(int copies) {
        List<Integer> cores = copies == 2 ? List.of(2, 3) : List.of(2, 3, 4);
        return new RecoverySpec(List.of(new Redundant(copies, cores), Scheme.RESTART), 5, Duration.ofMinutes(1), Backoff.NONE);
    }

    /**
     * Feeders {@code fa} (core 0) and {@code fb} (core 1) send to {@code journal} (core 2), run by {@code recovery},
     * which reports to {@code sink}, a tally (core 5).
     */
    static SystemSpec journal(RecoverySpec recovery) {
        return journal(recovery, MESSAGES, "tally");
    }

    /** As {@link #journal(RecoverySpec)}, each feeder sending {@code messages}, the sink running {@code sinkApp}. */
    static SystemSpec journal(RecoverySpec recovery, int messages, String sinkApp) {
        List<SandboxSpec> sandboxes = List.of(
                feeder("fa", 0, "journal", 100_000, messages),
                feeder("fb", 1, "journal", 130_000, messages),
                new SandboxSpec("journal", 2, 1 << 20, null, "journal", Map.of("sink", "sink"), recovery),
                new SandboxSpec("sink", 5, 1 << 20, null, sinkApp, Map.of(), null));
        List<ChannelSpec> channels = List.of(new ChannelSpec("fa", "journal", 256), new ChannelSpec("fb", "journal", 256),
                new ChannelSpec("journal", "sink", 1024));
        return new SystemSpec(new ChipSpec(6, 32 << 20, 4096), sandboxes, channels,
                new DetectionSpec(Duration.ofSeconds(2), Duration.ofMillis(1)), TestApps.restarts(3));
    }

    /** The control: two plain journals, {@code j1} (core 2) and {@code j2} (core 3), each fed the same by fa and fb. */
    static SystemSpec twoJournals() {
        List<SandboxSpec> sandboxes = List.of(
                feeder("fa", 0, "j1,j2", 100_000),
                feeder("fb", 1, "j1,j2", 130_000),
                new SandboxSpec("j1", 2, 1 << 20, null, "journal", Map.of("sink", "sink"), null),
                new SandboxSpec("j2", 3, 1 << 20, null, "journal", Map.of("sink", "sink2"), null),
                new SandboxSpec("sink", 4, 1 << 20, null, "tally", Map.of(), null),
                new SandboxSpec("sink2", 5, 1 << 20, null, "tally", Map.of(), null));
        List<ChannelSpec> channels = List.of(new ChannelSpec("fa", "j1", 256), new ChannelSpec("fb", "j1", 256),
                new ChannelSpec("fa", "j2", 256), new ChannelSpec("fb", "j2", 256),
                new ChannelSpec("j1", "sink", 1024), new ChannelSpec("j2", "sink2", 1024));
        return new SystemSpec(new ChipSpec(6, 32 << 20, 4096), sandboxes, channels,
                new DetectionSpec(Duration.ofSeconds(2), Duration.ofMillis(1)), TestApps.restarts(3));
    }

    private static SandboxSpec feeder(String name, int core, String to, long period) {
        return feeder(name, core, to, period, MESSAGES);
    }

    private static SandboxSpec feeder(String name, int core, String to, long period, int messages) {
        return new SandboxSpec(name, core, 1 << 20, null, "feeder",
                Map.of("to", to, "count", Integer.toString(messages), "period", Long.toString(period)), null);
    }
}
