package dev.bulwark.apps;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;
import dev.bulwark.sandbox.app.AppParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.Optional;

/**
 * A counter service: adds the first word of every {@link #ADD} message it receives to a total.
 * The total lives in the partition, so it survives app restarts and a microreboot (which keeps the app's
 * memory once its {@linkplain #problem check} passes); a kernel restart from the pristine image starts it
 * again from zero, like a reboot.
 *
 * <pre>
 *   app memory:  0 magic | 8 total | 16 messages | 24 seal of the three words before it
 * </pre>
 * The seal is a mix of total and messages that any one flipped bit of either (or of the seal) changes: each
 * update checks it first and throws {@link AppMemoryCorruptedException} on a mismatch (the kernel traps: an
 * app restart on that memory would not mend it), and the same check decides whether a microreboot may keep it.
 */
public final class CounterService implements App {
    public static final String NAME = "counter";
    /** Adds the long its payload starts with to the total. */
    public static final int ADD = 100;

    static final long MAGIC = 0x43544e5243L;
    static final int MAGIC_AT = 0;
    static final int TOTAL_AT = 8;
    static final int MESSAGES_AT = 16;
    static final int SEAL_AT = 24;
    /** The sealed words: the bit flips a test aims at the counter's state land in {@code [0, STATE_BYTES)}. */
    public static final int STATE_BYTES = 32;

    private MemoryWindow memory;

    /** The counter service as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "Adds up what its ADD messages carry; the total lives in its memory.", CounterService::create)
            .withState(memory -> "total " + total(memory) + " from " + messages(memory) + " messages")
            .withMemoryCheck(CounterService::problem);

    static App create(Map<String, String> params) {
        AppParams.read(DESCRIPTOR, params);
        return new CounterService();
    }

    @Override
    public void start(AppContext ctx) {
        memory = ctx.memory();
        if (memory.getLong(MAGIC_AT) == 0) { // pristine
            store(0, 0);
            memory.putLong(MAGIC_AT, MAGIC);
        }
        verify();
    }

    @Override
    public void onMessage(AppContext ctx, Message m) {
        if (m.type() == ADD && m.length() >= Long.BYTES) {
            verify();
            store(memory.getLong(TOTAL_AT) + m.getLong(0), memory.getLong(MESSAGES_AT) + 1);
        }
    }

    private void store(long total, long messages) {
        memory.putLong(TOTAL_AT, total);
        memory.putLong(MESSAGES_AT, messages);
        memory.putLong(SEAL_AT, seal(total, messages));
    }

    private void verify() {
        if (memory.getLong(MAGIC_AT) != MAGIC || memory.getLong(SEAL_AT) != seal(memory.getLong(TOTAL_AT), memory.getLong(MESSAGES_AT))) {
            throw new AppMemoryCorruptedException("counter: its total and count no longer match their seal");
        }
    }

    /** Odd multipliers and a rotation: a flip of any one bit of total or messages changes the seal. */
    static long seal(long total, long messages) {
        return Long.rotateLeft(total * 0x9E3779B97F4A7C15L + messages * 0xC2B2AE3D27D4EB4FL, 31) ^ MAGIC;
    }

    /** The counter's memory check: empty if the memory is pristine or its sealed words agree. */
    static Optional<String> problem(MemorySegment appMemory) {
        long magic = appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, MAGIC_AT);
        long seal = appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, SEAL_AT);
        if (magic == 0 && total(appMemory) == 0 && messages(appMemory) == 0 && seal == 0) {
            return Optional.empty();
        }
        if (magic != MAGIC) {
            return Optional.of(String.format("counter: magic %016x, expected %016x", magic, MAGIC));
        }
        if (seal != seal(total(appMemory), messages(appMemory))) {
            return Optional.of("counter: total " + total(appMemory) + " and count " + messages(appMemory)
                    + " do not match their seal");
        }
        return Optional.empty();
    }

    /** Asks the counter behind {@code to} to add {@code amount}; false if the channel is full. */
    public static boolean add(Sender to, long amount) {
        Claim add = to.claim(ADD);
        if (add == null) {
            return false;
        }
        add.putLong(0, amount).commit();
        return true;
    }

    /** The total, read from a view of the app's memory (for checkers and tests). */
    public static long total(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, TOTAL_AT);
    }

    /** The ADD messages counted, read from a view of the app's memory. */
    public static long messages(MemorySegment appMemory) {
        return appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, MESSAGES_AT);
    }
}
