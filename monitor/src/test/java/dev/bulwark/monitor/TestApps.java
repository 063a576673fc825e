package dev.bulwark.monitor;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.monitor.spec.ChannelSpec;
import dev.bulwark.monitor.spec.ChipSpec;
import dev.bulwark.monitor.spec.DetectionSpec;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.spec.RecoverySpec;
import dev.bulwark.monitor.spec.SandboxSpec;
import dev.bulwark.monitor.spec.SystemSpec;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import dev.bulwark.sandbox.app.AppParam;
import dev.bulwark.sandbox.app.AppRegistry;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small apps for the monitor's tests, and the chip they run on. */
final class TestApps {
    private TestApps() {
    }

    /** Sends one message to {@code to} every 100 µs. */
    static final class Ticker implements App {
        private final String to;
        private Sender out;

        Ticker(String to) {
            this.to = to;
        }

        @Override
        public void start(AppContext ctx) {
            out = ctx.channelTo(to);
            ctx.setTimer(0, 1);
        }

        @Override
        public void onTimer(AppContext ctx, long timerId) {
            out.send(7, new byte[0]);
            ctx.setTimer(100_000, 1);
        }
    }

    /**
     * Counts what it receives in its memory: {@code 0 count | 8 first seq | 16 last seq | 24 seal}, all relative
     * to the memory's pristine (zero) state. The seal (any one flipped bit of the three words or of itself breaks
     * it) is checked before each update, which throws {@link AppMemoryCorruptedException} on a mismatch, and by its
     * declared memory check, so a microreboot keeps the memory only while it is whole.
     */
    static final class Tally implements App {
        /** The sealed words: a bit flip aimed at the tally's state lands in {@code [0, STATE_BYTES)}. */
        static final int STATE_BYTES = 32;
        private MemoryWindow memory;

        @Override
        public void start(AppContext ctx) {
            memory = ctx.memory();
        }

        @Override
        public void onMessage(AppContext ctx, Message m) {
            long count = memory.getLong(0);
            long first = memory.getLong(8);
            if (memory.getLong(24) != seal(count, first, memory.getLong(16))) {
                throw new AppMemoryCorruptedException("tally: its words no longer match their seal");
            }
            if (count == 0) {
                first = m.seq();
            }
            memory.putLong(0, count + 1);
            memory.putLong(8, first);
            memory.putLong(16, m.seq());
            memory.putLong(24, seal(count + 1, first, m.seq()));
        }

        /** 0 for pristine memory; odd multipliers, so one flipped bit of any word changes it. */
        static long seal(long count, long first, long last) {
            return count * 0x9E3779B97F4A7C15L + first * 0xC2B2AE3D27D4EB4FL + last * 0x165667B19E3779F9L;
        }

        static Optional<String> problem(MemorySegment appMemory) {
            long count = count(appMemory);
            long seal = appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 24);
            return seal == seal(count, firstSeq(appMemory), appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 16))
                    ? Optional.empty() : Optional.of("tally: count " + count + " does not match its seal");
        }

        static long count(MemorySegment appMemory) {
            return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        }

        static long firstSeq(MemorySegment appMemory) {
            return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 8);
        }
    }

    static final AppDescriptor TICKER = AppDescriptor.of("ticker", "Sends a message every 100 µs.",
            params -> new Ticker(params.get("to"))).withParams(AppParam.required("to", AppParam.Kind.PEER, "where to send"));
    static final AppDescriptor TALLY = AppDescriptor.of("tally", "Counts what it receives.", params -> new Tally())
            .withMemoryCheck(Tally::problem);

    static AppRegistry registry() {
        return AppRegistry.of(TICKER, TALLY);
    }

    /** Two independent pairs, ticker-a -> tally-a and ticker-b -> tally-b, one sandbox per core. */
    static SystemSpec twoPairs(Duration heartbeatTimeout, int capacity, RecoverySpec recovery) {
        List<SandboxSpec> sandboxes = List.of(
                sandbox("ticker-a", 0, "ticker", Map.of("to", "tally-a")),
                sandbox("tally-a", 1, "tally", Map.of()),
                sandbox("ticker-b", 2, "ticker", Map.of("to", "tally-b")),
                sandbox("tally-b", 3, "tally", Map.of()));
        List<ChannelSpec> channels = List.of(
                new ChannelSpec("ticker-a", "tally-a", capacity),
                new ChannelSpec("ticker-b", "tally-b", capacity));
        return new SystemSpec(new ChipSpec(4, 16 << 20, 4096), sandboxes, channels,
                new DetectionSpec(heartbeatTimeout, Duration.ofMillis(1)), recovery);
    }

    static RecoverySpec restarts(int max) {
        return new RecoverySpec(Scheme.RESTART, max, Duration.ofMinutes(1));
    }

    private static SandboxSpec sandbox(String name, int core, String app, Map<String, String> params) {
        return new SandboxSpec(name, core, 1 << 20, null, app, params, null);
    }
}
