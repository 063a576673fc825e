package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.sandbox.app.AppCheck;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parts of the KV store, each on its own. */
class KvPartsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keySlotsAreRedisClusters() {
        assertEquals(0x31C3, KeyRouter.crc16(b("123456789"), 0, 9), "CRC-16/XMODEM check value");
        // slots as Redis Cluster's CLUSTER KEYSLOT gives them
        assertEquals(12182, KeyRouter.slot(b("foo")));
        assertEquals(5061, KeyRouter.slot(b("bar")));
        assertEquals(866, KeyRouter.slot(b("hello")));
        assertEquals(KeyRouter.slot(b("user1000")), KeyRouter.slot(b("{user1000}.following")));
        assertEquals(KeyRouter.slot(b("user1000")), KeyRouter.slot(b("foo{user1000}{x}")), "the first tag counts");
        assertEquals(KeyRouter.slot(b("foo{}{bar}")), KeyRouter.crc16(b("foo{}{bar}"), 0, 10) & 16383,
                "an empty tag: the whole key");
        assertEquals(KeyRouter.slot(b("foo{bar")), KeyRouter.crc16(b("foo{bar"), 0, 7) & 16383, "no closing brace");
        assertEquals(12182 % 4, new KeyRouter(4).shardOf(b("foo")));
    }

    @Test
    void decimalsAreReadAsRedisReadsThem() {
        Decimal d = new Decimal();
        for (String ok : List.of("0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808")) {
            assertTrue(d.parse(b(ok)), ok);
            assertEquals(Long.parseLong(ok), d.value(), ok);
        }
        for (String bad : List.of("", "-", "+1", "01", "-0", " 1", "1 ", "1.0", "9223372036854775808",
                "-9223372036854775809", "99999999999999999999", "12a", "0x10")) {
            assertFalse(d.parse(b(bad)), "'" + bad + "'");
        }
        byte[] out = new byte[24];
        for (long n : new long[]{0, 7, -7, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            int len = Decimal.format(n, out);
            assertEquals(Long.toString(n), new String(out, 0, len, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void respRepliesAreEncodedByteForByte() {
        RespWriter w = new RespWriter(4);
        w.ok().simple("PONG").error("ERR bad\r\nthing").integer(-42).integer(Long.MIN_VALUE).bulk("hé").nil().array(2)
                .bulk(new byte[0]).integer(0);
        assertEquals("+OK\r\n+PONG\r\n-ERR bad  thing\r\n:-42\r\n:-9223372036854775808\r\n$3\r\nhé\r\n$-1\r\n*2\r\n$0\r\n\r\n:0\r\n",
                new String(w.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void globsMatchAsRedisDoes() {
        assertTrue(Glob.matches("*", "save"));
        assertTrue(Glob.matches("max*", "maxmemory-policy"));
        assertTrue(Glob.matches("s?ve", "save"));
        assertTrue(Glob.matches("[sa]ave", "save"));
        assertTrue(Glob.matches("[a-z]ave", "save"));
        assertFalse(Glob.matches("[^s]ave", "save"));
        assertFalse(Glob.matches("sav", "save"));
        assertTrue(Glob.matches("a\\*b", "a*b"));
        assertFalse(Glob.matches("a\\*b", "axb"));
    }

    @Test
    void durationsNeedAUnit() {
        assertEquals(2_000_000_000L, Durations.parse("2s", "timeout"));
        assertEquals(500_000_000L, Durations.parse("500ms", "timeout"));
        assertEquals(250_000L, Durations.parse("250us", "timeout"));
        assertEquals(60_000_000_000L, Durations.parse("1m", "timeout"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("2", "timeout"));
        assertEquals("parameter 'timeout' must be a duration such as 2s, 500ms or 250us, not '2'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("0s", "timeout"));
    }

    @Test
    void theFrontRefusesShardListsItCannotUse() {
        assertEquals(List.of("kv-0", "kv-1"), KvFront.shardList("kv-0, kv-1"));
        assertEquals("parameter 'shards' has an empty name in 'kv-0,,kv-1' (give sandbox names separated by commas)",
                assertThrows(IllegalArgumentException.class, () -> KvFront.shardList("kv-0,,kv-1")).getMessage());
        assertEquals("parameter 'shards' names 'kv-0' twice",
                assertThrows(IllegalArgumentException.class, () -> KvFront.shardList("kv-0,kv-1,kv-0")).getMessage());
        assertEquals("parameter 'shards' names 'Kv 0', which is not a sandbox name",
                assertThrows(IllegalArgumentException.class, () -> KvFront.shardList("Kv 0")).getMessage());
        assertEquals("parameter 'timeout' must be a duration such as 2s, 500ms or 250us, not 'soon'",
                assertThrows(IllegalArgumentException.class,
                        () -> KvFront.create(Map.of("nic", "net", "shards", "a", "timeout", "soon"))).getMessage());
        assertEquals("kv-front needs parameter 'shards' (the kv-shard sandboxes, comma-separated; each needs a channel "
                        + "from this sandbox and one back)",
                assertThrows(IllegalArgumentException.class, () -> KvFront.create(Map.of("nic", "net"))).getMessage());
    }

    @Test
    void theFrontsCheckWarnsOfAShardSharedByTwoFrontsOrAFrontListingItself() {
        List<AppCheck.Use> fronts = List.of(
                new AppCheck.Use("front-a", Map.of("nic", "n1", "shards", "kv-0,kv-1")),
                new AppCheck.Use("front-b", Map.of("nic", "n2", "shards", "kv-1,front-b,kv-2")),
                new AppCheck.Use("front-c", Map.of("nic", "n3", "shards", "kv-9,,")));
        assertEquals(List.of(
                new AppCheck.Warning("front-b", "shards", "shard 'kv-1' is listed by fronts 'front-a' and 'front-b': "
                        + "a shard replies to one front only (its 'front' parameter)"),
                new AppCheck.Warning("front-b", "shards", "front-b lists itself as a shard: a front does not store keys")),
                KvFront.checkShards(fronts));
        assertEquals(List.of(), KvFront.checkShards(List.of(fronts.getFirst())));
    }

    @Test
    void theConnectionRegistryHandsANewInstanceTheConnectionsToClose() {
        MemoryWindow memory = TestMemory.window(4096);
        List<Long> stale = new ArrayList<>();
        ConnectionRegistry first = ConnectionRegistry.open(memory, stale);
        assertEquals(List.of(), stale);
        assertEquals((4096 - 16) / 8, first.capacity());
        int a = first.add(7);
        first.add(8);
        first.add(9);
        first.remove(a);
        ConnectionRegistry second = ConnectionRegistry.open(memory, stale);
        assertEquals(List.of(8L, 9L), stale.stream().sorted().toList());
        assertEquals(List.of(), second.recorded(), "the stale ones are forgotten once handed over");
        for (int i = 0; i < second.capacity(); i++) {
            assertTrue(second.add(100 + i) >= 0);
        }
        assertEquals(-1, second.add(1), "full");
    }

    @Test
    void commandsAreFoundInAnyCaseWithoutAllocating() {
        assertEquals(Command.GET, Command.find(b("get")));
        assertEquals(Command.GET, Command.find(b("GeT")));
        assertEquals(Command.FLUSHALL, Command.find(b("FLUSHALL")));
        assertNull(Command.find(b("gets")));
        assertNull(Command.find(b("")));
        for (Command c : Command.values()) {
            assertEquals(c, Command.find(c.nameBytes));
            assertEquals(c, Command.find(c.name().getBytes(StandardCharsets.US_ASCII)));
        }
        assertTrue(Command.SET.arityFits(3) && Command.SET.arityFits(9) && !Command.SET.arityFits(2));
        assertTrue(Command.GET.arityFits(2) && !Command.GET.arityFits(3));
    }
}
