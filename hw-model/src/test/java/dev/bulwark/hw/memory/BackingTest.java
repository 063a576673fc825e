package dev.bulwark.hw.memory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-live-mapping invariant, and that memory outlives the mapping that ends an incarnation's access. */
class BackingTest {
    private static final int PAGE = 4096;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final Backing backing = Backing.allocate(new Region("tally-a", 0x10000, 4 * PAGE), PAGE);

    @AfterEach
    void free() {
        backing.free();
    }

    private static long longAt(MemorySegment bytes, long offset) {
        return bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
    }

    @Test
    void aSecondMappingIsRefusedWhileOneIsLiveNamingTheRegionAndItsHolder() {
        Partition first = backing.map("tally-a#1");

        RegionMappedException refused = assertThrows(RegionMappedException.class, () -> backing.map("tally-a#2"));
        assertEquals(backing.region(), refused.region());
        assertEquals("tally-a#1", refused.holder());
        assertTrue(refused.getMessage().contains("tally-a[0x10000..0x14000)"), refused.getMessage());
        assertFalse(first.isRevoked(), "the refusal leaves the live mapping alone");
        first.window(0, 8).putLong(0, 1);

        first.revoke();
        assertFalse(backing.isMapped());
        backing.map("tally-a#2").revoke();
    }

    @Test
    void afterRevokeANewMappingSeesTheSameBytesWithNoPageDirty() {
        Partition first = backing.map("tally-a#1");
        first.window(PAGE, 16).putLong(8, 0xCAFEL);
        first.revoke();

        assertEquals(0xCAFEL, longAt(backing.contents(), PAGE + 8), "the bytes outlive the mapping");
        Partition second = backing.map("tally-a#2");
        assertEquals(0xCAFEL, second.window(0, second.byteSize()).getLong(PAGE + 8));
        assertEquals(0, second.dirtyPages().count(), "dirty pages are the mapping's own");
        assertEquals("tally-a#2", second.holder());
        second.revoke();
    }

    @Test
    void zeroIsRefusedWhileMappedAndWipesTheBytesOnceUnmapped() {
        Partition p = backing.map("tally-a#1");
        p.window(0, p.byteSize()).putLong(3 * PAGE, -1L);

        RegionMappedException refused = assertThrows(RegionMappedException.class, backing::zero);
        assertEquals("tally-a#1", refused.holder());
        assertEquals(-1L, p.window(0, p.byteSize()).getLong(3 * PAGE), "a running kernel's memory is not wiped under it");

        p.revoke();
        backing.zero();
        MemorySegment bytes = backing.contents();
        assertEquals(-1L, bytes.mismatch(MemorySegment.ofArray(new byte[(int) bytes.byteSize()])), "all zero");
    }

    @Test
    void aZombieWritingThroughItsWindowEndsAtRevokeWhileTheBytesStayAndANewMappingWorks() {
        Partition old = backing.map("tally-a#1");
        MemoryWindow w = old.window(0, PAGE);
        Zombie zombie = Zombie.writing(w);
        await().atMost(PATIENCE).until(() -> zombie.touches() > 1000);

        old.revoke();

        await().atMost(PATIENCE).until(() -> !zombie.isAlive());
        assertInstanceOf(IllegalStateException.class, zombie.ended());
        assertFalse(backing.isMapped());
        long last = zombie.touches();
        assertEquals(last, longAt(backing.contents(), Zombie.slot(last)), "the zombie's last write is in the backing");
        Partition successor = backing.map("tally-a#2");
        assertEquals(last, successor.window(0, PAGE).getLong(Zombie.slot(last)));
        successor.window(0, PAGE).putLong(0, 42);
        assertEquals(42, longAt(backing.contents(), 0));
        assertThrows(IllegalStateException.class, () -> w.getLong(0), "the old window stays dead");
        successor.revoke();
    }

    @Test
    void aZombieInTheMiddleOfAChecksumDoesNotMakeRevokeFail() {
        // A window's crc32c holds the mapping's arena acquired for the length of the checksum, and Arena.close
        // refuses while it is: revoke waits the checksum out instead of failing.
        Backing big = Backing.allocate(new Region("big", 0, 256 * PAGE), PAGE);
        try {
            Partition old = big.map("big#1");
            Zombie zombie = Zombie.checksumming(old.window(0, old.byteSize()));
            await().atMost(PATIENCE).until(() -> zombie.touches() > 10);

            old.revoke();

            assertTrue(old.isRevoked());
            await().atMost(PATIENCE).until(() -> !zombie.isAlive());
            assertInstanceOf(IllegalStateException.class, zombie.ended());
            big.map("big#2").revoke();
        } finally {
            big.free();
        }
    }

    @Test
    void mapAndRevokeRacingOnTwoThreadsNeverYieldTwoLiveMappings() throws Exception {
        AtomicInteger live = new AtomicInteger();
        AtomicReference<Partition> lastMapped = new AtomicReference<>();
        AtomicInteger violations = new AtomicInteger();
        AtomicLong refusals = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLongArray mapped = new AtomicLongArray(2);
        List<Thread> racers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int racer = t;
            racers.add(Thread.ofPlatform().name("racer-" + t).start(() -> {
                while (!stop.get()) {
                    Partition mine;
                    try {
                        mine = backing.map("racer-" + racer);
                    } catch (RegionMappedException e) {
                        refusals.incrementAndGet();
                        continue;
                    }
                    Partition before = lastMapped.getAndSet(mine);
                    if (live.incrementAndGet() != 1 || (before != null && !before.isRevoked())) {
                        violations.incrementAndGet();
                    }
                    MemoryWindow w = mine.window(0, PAGE);
                    w.putLong(0, w.getLong(0) + 1);
                    live.decrementAndGet();
                    mine.revoke();
                    mapped.incrementAndGet(racer);
                }
            }));
        }
        try {
            await().atMost(PATIENCE).until(() -> violations.get() > 0
                    || (refusals.get() >= 200 && Math.min(mapped.get(0), mapped.get(1)) >= 200));
        } finally {
            stop.set(true);
            for (Thread racer : racers) {
                racer.join();
            }
        }
        assertEquals(0, violations.get(), "a mapping was handed out while another was live");
        assertEquals(mapped.get(0) + mapped.get(1), longAt(backing.contents(), 0), "every increment landed in the one backing");
    }

    @Test
    void freeRevokesALiveMappingFirstAndEndsTheBacking() {
        Backing doomed = Backing.allocate(new Region("doomed", 0, PAGE), PAGE);
        Partition p = doomed.map("doomed#1");
        MemoryWindow w = p.window(0, PAGE);
        MemorySegment view = doomed.contents();

        doomed.free();

        assertTrue(p.isRevoked(), "the mapping closed before the bytes were freed");
        assertThrows(IllegalStateException.class, () -> w.putLong(0, 1));
        assertThrows(IllegalStateException.class, () -> longAt(view, 0));
        assertThrows(IllegalStateException.class, () -> doomed.map("doomed#2"));
        assertThrows(IllegalStateException.class, doomed::zero);
        assertTrue(doomed.isFreed());
        doomed.free(); // idempotent
        p.revoke(); // idempotent, also after the free
    }
}
