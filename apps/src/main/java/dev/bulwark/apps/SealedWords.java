package dev.bulwark.apps;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.sandbox.app.AppMemoryCheck;
import dev.bulwark.sandbox.app.AppMemoryCorruptedException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * A few words at the start of an app's memory, sealed: the word after them holds a 64-bit mix of them all, so
 * that a flipped bit in any of them (or in the seal) is found before the app builds on it.
 *
 * <pre>
 *   app memory:  0 magic | 8 the app's words ... | sealAt seal of the words [0, sealAt)
 * </pre>
 * Each step of the mix ({@link #mix}) is a bijection both of the word it takes in and of the mix so far, so a
 * change to any <em>one</em> word, of any number of its bits, always changes the seal; changes to several words
 * collide with it by chance only (2<sup>-64</sup>).
 *
 * <p>The app {@link #open}s its words at start, {@link #verify}s them before each update and {@link #seal}s
 * them after it; a mismatch throws {@link AppMemoryCorruptedException}, so the kernel traps rather than restart
 * the app on the same memory. The app declares {@link #check} as its memory check, the one a microreboot runs
 * before it keeps the memory. Memory never written (magic and words and seal all zero) is intact; a seal that
 * an incarnation ended between the update of a word and the new seal is refused like a flipped bit: the
 * memory is not kept (the state is lost, never read back wrong).
 *
 * <p>Threading: the app's thread for an instance; {@link #problem} reads a view on any thread.
 */
public final class SealedWords {
    private static final long START = 0x5EA1EDC0FFEE1235L;
    private static final long ODD = 0x9E3779B97F4A7C15L;

    private final MemoryWindow memory;
    private final String app;
    private final long magic;
    private final int sealAt;

    /** The words {@code [0, sealAt)} of {@code memory}, the first of them {@code magic}, sealed at {@code sealAt}. */
    public SealedWords(MemoryWindow memory, String app, long magic, int sealAt) {
        if (sealAt < Long.BYTES || sealAt % Long.BYTES != 0 || sealAt + Long.BYTES > memory.byteSize()) {
            throw new IllegalArgumentException(app + " needs " + (sealAt + Long.BYTES) + " bytes of app memory for its "
                    + "sealed words, it has " + memory.byteSize());
        }
        this.memory = memory;
        this.app = app;
        this.magic = magic;
        this.sealAt = sealAt;
    }

    /**
     * At the app's start: memory that holds no magic gets zeroed words, the magic and their seal (returns true:
     * the app may now store a first state that is not all zeros, and seal it); kept memory is verified (false).
     *
     * @throws AppMemoryCorruptedException if the kept words do not match their seal
     */
    public boolean open() {
        if (memory.getLong(0) != 0) {
            verify();
            return false;
        }
        for (int at = Long.BYTES; at < sealAt; at += Long.BYTES) {
            memory.putLong(at, 0);
        }
        memory.putLong(0, magic);
        seal();
        return true;
    }

    /** Throws {@link AppMemoryCorruptedException} unless the magic is there and the words match their seal. */
    public void verify() {
        if (memory.getLong(0) != magic || memory.getLong(sealAt) != sealOf(memory)) {
            throw new AppMemoryCorruptedException(app + ": its words in memory no longer match their seal");
        }
    }

    /** Seals the words as they are now: call it after every update. */
    public void seal() {
        memory.putLong(sealAt, sealOf(memory));
    }

    private long sealOf(MemoryWindow m) {
        long h = START;
        for (int at = 0; at < sealAt; at += Long.BYTES) {
            h = mix(h, m.getLong(at));
        }
        return h;
    }

    /** The memory check of an app whose words {@code [0, sealAt)} are sealed at {@code sealAt}, magic first. */
    public static AppMemoryCheck check(String app, long magic, int sealAt) {
        return appMemory -> problem(appMemory, app, magic, sealAt);
    }

    /** What is wrong with the sealed words in a view of an app's memory: empty if pristine or whole. */
    public static Optional<String> problem(MemorySegment appMemory, String app, long magic, int sealAt) {
        long h = START;
        boolean zero = true;
        for (int at = 0; at < sealAt; at += Long.BYTES) {
            long word = appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
            zero &= word == 0;
            h = mix(h, word);
        }
        long seal = appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, sealAt);
        long found = appMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        if (zero && seal == 0) {
            return Optional.empty();
        }
        if (found != magic) {
            return Optional.of(String.format("%s: magic %016x, expected %016x", app, found, magic));
        }
        if (seal != h) {
            return Optional.of(app + ": its " + sealAt / Long.BYTES + " words do not match their seal");
        }
        return Optional.empty();
    }

    /** One step: xor, an odd multiplier and a rotation, each a bijection of either input. */
    private static long mix(long h, long word) {
        return Long.rotateLeft((h ^ word) * ODD, 27);
    }
}
