package dev.bulwark.hw.memory;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionTest {
    private static final int PAGE = 4096;

    private static Partition partition(int pages) {
        return Partition.open(new Region("p", 0, (long) pages * PAGE), PAGE);
    }

    @Test
    void writesMarkExactlyThePagesTheyTouch() {
        Partition p = partition(8);
        MemoryWindow all = p.window(0, p.byteSize());
        all.putLong(10, 1);
        all.putLong(3 * PAGE - 4, 2);   // straddles pages 2 and 3
        all.putByte(7 * PAGE, (byte) 3);
        assertEquals(4, p.dirtyPages().count());
        assertTrue(p.dirtyPages().isDirty(0));
        assertTrue(p.dirtyPages().isDirty(2));
        assertTrue(p.dirtyPages().isDirty(3));
        assertTrue(p.dirtyPages().isDirty(7));
        assertFalse(p.dirtyPages().isDirty(1));
        AtomicLong sum = new AtomicLong();
        p.dirtyPages().forEach(sum::addAndGet);
        assertEquals(0 + 2 + 3 + 7, sum.get());
        p.dirtyPages().clear();
        assertEquals(0, p.dirtyPages().count());
    }

    @Test
    void windowOffsetsAreRelativeAndMarkAbsolutePages() {
        Partition p = partition(4);
        MemoryWindow w = p.window(2 * PAGE, PAGE);
        w.putInt(0, 42);
        assertEquals(42, p.window(0, p.byteSize()).getInt(2 * PAGE));
        assertTrue(p.dirtyPages().isDirty(2));
        assertEquals(1, p.dirtyPages().count());
    }

    @Test
    void anAccessOutsideTheWindowIsRefusedBeforeTouchingMemory() {
        Partition p = partition(2);
        MemoryWindow w = p.window(0, PAGE);
        assertThrows(IndexOutOfBoundsException.class, () -> w.putLong(PAGE - 4, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> w.getLong(-1));
        assertEquals(0, p.dirtyPages().count());
        assertEquals(0, p.window(0, p.byteSize()).getInt(PAGE));
    }

    @Test
    void bitFlipIsAHardwareFaultNotAWrite() {
        Partition p = partition(2);
        p.flipBit(100, 3);
        assertEquals(8, p.window(0, p.byteSize()).getByte(100));
        assertEquals(0, p.dirtyPages().count());
    }

    @Test
    void aRevokedPartitionCannotBeTouched() {
        Partition p = partition(2);
        MemoryWindow w = p.window(0, PAGE);
        w.putLong(0, 7);
        p.revoke();
        assertThrows(IllegalStateException.class, () -> w.getLong(0));
        assertThrows(IllegalStateException.class, () -> w.putLong(0, 8));
        assertTrue(p.isRevoked());
        p.revoke(); // idempotent
    }

    @Test
    void aZombieThreadWritingToItsPartitionEndsWhenThePartitionIsRevoked() {
        Partition p = partition(2);
        Zombie zombie = Zombie.writing(p.window(0, PAGE));
        await().atMost(Duration.ofSeconds(5)).until(() -> zombie.touches() > 1000);
        p.revoke();
        long atRevoke = zombie.touches();
        await().atMost(Duration.ofSeconds(5)).until(() -> !zombie.isAlive());
        assertInstanceOf(IllegalStateException.class, zombie.ended());
        assertTrue(zombie.touches() <= atRevoke + 1, "no write completes once revoke() has returned: at most the one "
                + "already done when it returned is counted after it (" + atRevoke + " then " + zombie.touches() + ")");
    }
}
