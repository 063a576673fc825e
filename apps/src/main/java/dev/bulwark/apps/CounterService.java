package dev.bulwark.apps;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppDescriptor;
import dev.bulwark.sandbox.app.AppParams;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * A counter service: adds the first word of every {@link #ADD} message it receives to a total.
 * The total lives in the partition, so it survives app restarts and a microreboot (which keeps the app's
 * memory once its check passes); a kernel restart from the pristine image starts it again from zero, like a
 * reboot.
 *
 * <pre>
 *   app memory:  0 magic | 8 total | 16 messages | 24 seal of the three words before it
 * </pre>
 * The words are {@link SealedWords}: each update verifies the seal first (a mismatch throws, and the kernel
 * traps: an app restart on that memory would not mend it), and the same seal is the memory check that decides
 * whether a microreboot may keep the total.
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
    private SealedWords words;

    /** The counter service as a chip knows it. */
    public static final AppDescriptor DESCRIPTOR = AppDescriptor.of(NAME,
                    "Adds up what its ADD messages carry; the total lives in its memory.", CounterService::create)
            .withState(memory -> "total " + total(memory) + " from " + messages(memory) + " messages")
            .withMemoryCheck(SealedWords.check(NAME, MAGIC, SEAL_AT));

    static App create(Map<String, String> params) {
        AppParams.read(DESCRIPTOR, params);
        return new CounterService();
    }

    @Override
    public void start(AppContext ctx) {
        memory = ctx.memory();
        words = new SealedWords(memory, NAME, MAGIC, SEAL_AT);
        words.open();
    }

    @Override
    public void onMessage(AppContext ctx, Message m) {
        if (m.type() == ADD && m.length() >= Long.BYTES) {
            words.verify();
            memory.putLong(TOTAL_AT, memory.getLong(TOTAL_AT) + m.getLong(0));
            memory.putLong(MESSAGES_AT, memory.getLong(MESSAGES_AT) + 1);
            words.seal();
        }
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
