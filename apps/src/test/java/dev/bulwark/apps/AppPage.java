package dev.bulwark.apps;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.PhysicalMemory;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppMemoryCheck;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Proxy;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page of app memory for tests of the apps' memory checks: the window an app writes, the read-only view a
 * check gets, bit flips as a hardware fault makes them, and a context that hands an app the page.
 */
public final class AppPage {
    public static final int BYTES = 4096;

    private final Partition partition = Partition.open(new PhysicalMemory(BYTES, BYTES).reserve("app", 0, BYTES),
            BYTES);
    /** The clock the {@link #context} reads. */
    public long now = 1_000_000_000L;

    public MemoryWindow window() {
        return partition.window(0, BYTES);
    }

    public MemorySegment view() {
        return partition.contents();
    }

    public void flip(long offset, int bit) {
        partition.flipBit(offset, bit);
    }

    /**
     * Flips each bit of {@code [from, to)} in turn, asserting that {@code check} finds it, and flips it back;
     * the memory must pass the check before and after.
     */
    public void assertEveryFlipFound(AppMemoryCheck check, int from, int to) {
        assertEveryFlipFound(check, view(), this::flip, from, to);
    }

    /** How a test flips bit {@code bit} of byte {@code offset} of an app's memory. */
    public interface Flipper {
        void flip(long offset, int bit);
    }

    /** The same for any app memory: {@code view} is what the check reads, {@code flipper} flips its bits. */
    public static void assertEveryFlipFound(AppMemoryCheck check, MemorySegment view, Flipper flipper, int from, int to) {
        assertEquals(Optional.empty(), check.problem(view), "whole before the flips");
        for (int bit = from * 8; bit < to * 8; bit++) {
            flipper.flip(bit / 8, bit % 8);
            assertTrue(check.problem(view).isPresent(), "bit " + bit % 8 + " of byte " + bit / 8 + " flipped, not found");
            flipper.flip(bit / 8, bit % 8);
        }
        assertEquals(Optional.empty(), check.problem(view), "whole after the flips");
    }

    /**
     * A context for an app named {@code name} on this page: its memory, the clock {@link #now}, incarnation 1,
     * channels that are always full (a claim gets null), timers that never fire; nothing else.
     */
    public AppContext context(String name) {
        return (AppContext) Proxy.newProxyInstance(AppContext.class.getClassLoader(), new Class<?>[]{AppContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "memory" -> window();
                    case "sandboxName" -> name;
                    case "incarnation" -> 1;
                    case "now" -> now;
                    case "channelTo" -> full((String) args[0]);
                    case "setTimer" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A channel to {@code to} that is always full. */
    private static Sender full(String to) {
        return (Sender) Proxy.newProxyInstance(Sender.class.getClassLoader(), new Class<?>[]{Sender.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "to" -> to;
                    case "slotBytes" -> 2048;
                    case "claim" -> null;
                    case "send" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
