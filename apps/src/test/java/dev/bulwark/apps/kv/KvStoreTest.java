package dev.bulwark.apps.kv;

import dev.bulwark.apps.kv.RespReader.Err;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The front and its shards together, through the rig: each command's reply, as a RESP client reads it. */
class KvStoreTest {
    /** A key that lives on shard {@code shard} of {@code shards}, made from {@code prefix}. */
    static String keyOn(int shard, int shards, String prefix) {
        for (int i = 0; ; i++) {
            String k = prefix + i;
            if (new KeyRouter(shards).shardOf(k.getBytes(StandardCharsets.UTF_8)) == shard) {
                return k;
            }
        }
    }

    private static Err err(String text) {
        return new Err(text);
    }

    @Test
    void answersTheBasicCommandsAsRedisDoes() {
        KvRig rig = new KvRig(4);
        KvRig.Client c = rig.connect();
        assertEquals("PONG", c.call("PING"));
        assertEquals("hi", c.call("ping", "hi"));
        assertEquals("hello world", c.call("ECHO", "hello world"));
        assertEquals("OK", c.call("SET", "greeting", "hello"));
        assertEquals("hello", c.call("GET", "greeting"));
        assertNull(c.call("GET", "nothing"));
        assertEquals("OK", c.call("set", "greeting", "hello again"));
        assertEquals("hello again", c.call("get", "greeting"));
        assertEquals("", c.call("GET", "empty-not-set") == null ? "" : "x");
        assertEquals("OK", c.call("SET", "empty", ""));
        assertEquals("", c.call("GET", "empty"));

        assertEquals(1L, c.call("INCR", "counter"));
        assertEquals(11L, c.call("INCRBY", "counter", "10"));
        assertEquals(10L, c.call("DECR", "counter"));
        assertEquals(-5L, c.call("DECRBY", "counter", "15"));
        assertEquals("-5", c.call("GET", "counter"));
        assertEquals(err("ERR value is not an integer or out of range"), c.call("INCR", "greeting"));
        assertEquals(err("ERR value is not an integer or out of range"), c.call("INCRBY", "counter", "1.5"));
        assertEquals("OK", c.call("SET", "big", String.valueOf(Long.MAX_VALUE)));
        assertEquals(err("ERR increment or decrement would overflow"), c.call("INCR", "big"));
        assertEquals(err("ERR decrement would overflow"), c.call("DECRBY", "counter", String.valueOf(Long.MIN_VALUE)));
        assertEquals(err("ERR value is not an integer or out of range"), c.call("INCRBY", "counter", "99999999999999999999"));
        assertEquals("OK", c.call("SET", "zero", "007"));
        assertEquals(err("ERR value is not an integer or out of range"), c.call("INCR", "zero"), "Redis refuses leading zeros");

        assertEquals(2L, c.call("EXISTS", "greeting", "counter", "nothing"));
        assertEquals(3L, c.call("EXISTS", "greeting", "greeting", "counter"), "EXISTS counts a repeated key each time");
        assertEquals(2L, c.call("DEL", "greeting", "counter", "nothing", "greeting"), "DEL deletes a repeated key once");
        assertEquals(0L, c.call("EXISTS", "greeting"));
        assertEquals(3L, c.call("DBSIZE"));
        assertEquals("OK", c.call("FLUSHALL"));
        assertEquals(0L, c.call("DBSIZE"));
        assertNull(c.call("GET", "empty"));
    }

    @Test
    void msetAndMgetSpanTheShardsAndAnswerInKeyOrder() {
        KvRig rig = new KvRig(4);
        KvRig.Client c = rig.connect();
        List<String> keys = new ArrayList<>();
        for (int shard = 3; shard >= 0; shard--) {
            keys.add(keyOn(shard, 4, "m" + shard + ":"));
        }
        List<Object> mset = new ArrayList<>(List.of("MSET"));
        for (String k : keys) {
            mset.add(k);
            mset.add("value-of-" + k);
        }
        assertEquals("OK", c.call(mset.toArray()));
        for (int shard = 0; shard < 4; shard++) {
            assertTrue(new ShardTable(rig.shard(shard).memory).keys() >= 1, "shard " + shard + " got its key");
        }
        List<Object> mget = new ArrayList<>(List.of("MGET", "missing"));
        mget.addAll(keys);
        List<Object> expected = new ArrayList<>();
        expected.add(null);
        keys.forEach(k -> expected.add("value-of-" + k));
        assertEquals(expected, c.call(mget.toArray()));
        assertEquals(4L, c.call("DBSIZE"));
        assertEquals(err("ERR wrong number of arguments for 'mset' command"), c.call("MSET", "a", "1", "b"));
    }

    @Test
    void setOptionsFollowRedis() {
        KvRig rig = new KvRig(2);
        KvRig.Client c = rig.connect();
        assertNull(c.call("SET", "k", "1", "XX"), "XX on a missing key does nothing");
        assertNull(c.call("GET", "k"));
        assertEquals("OK", c.call("SET", "k", "1", "NX"));
        assertNull(c.call("SET", "k", "2", "NX"), "NX on an existing key does nothing");
        assertEquals("1", c.call("GET", "k"));
        assertEquals("OK", c.call("SET", "k", "2", "xx"));
        assertEquals("2", c.call("SET", "k", "3", "GET"), "GET answers the old value");
        assertNull(c.call("SET", "fresh", "1", "GET"));
        assertEquals("3", c.call("SET", "k", "4", "NX", "GET"), "NX GET: the old value, and nothing set");
        assertEquals("3", c.call("GET", "k"));

        assertEquals(err("ERR syntax error"), c.call("SET", "k", "v", "NX", "XX"));
        assertEquals(err("ERR syntax error"), c.call("SET", "k", "v", "EX", "10", "PX", "100"));
        assertEquals(err("ERR syntax error"), c.call("SET", "k", "v", "EX"));
        assertEquals(err("ERR syntax error"), c.call("SET", "k", "v", "KEEPTTL", "EX", "5"));
        assertEquals(err("ERR syntax error"), c.call("SET", "k", "v", "FOREVER"));
        assertEquals(err("ERR value is not an integer or out of range"), c.call("SET", "k", "v", "EX", "ten"));
        assertEquals(err("ERR invalid expire time in 'set' command"), c.call("SET", "k", "v", "EX", "0"));
        assertEquals(err("ERR invalid expire time in 'set' command"), c.call("SET", "k", "v", "PX", "-5"));
        assertEquals(err("ERR invalid expire time in 'set' command"), c.call("SET", "k", "v", "EX", "9223372036854776"));
        assertEquals("3", c.call("GET", "k"), "refused SETs changed nothing");

        assertEquals(-1L, c.call("TTL", "k"));
        assertEquals(-2L, c.call("TTL", "missing"));
        assertEquals("OK", c.call("SET", "k", "5", "EX", "10"));
        assertEquals(10L, c.call("TTL", "k"));
        assertEquals(10_000L, c.call("PTTL", "k"));
        rig.advance(4_000_000_000L);
        assertEquals(6L, c.call("TTL", "k"));
        assertEquals(6L, c.call("INCR", "k"), "INCR keeps the value's expiry");
        assertEquals(6L, c.call("TTL", "k"));
        assertEquals("OK", c.call("SET", "k", "7", "KEEPTTL"));
        assertEquals(6000L, c.call("PTTL", "k"));
        assertEquals("OK", c.call("SET", "k", "8"));
        assertEquals(-1L, c.call("TTL", "k"), "a plain SET clears the expiry");

        assertEquals("OK", c.call("SET", "short", "x", "PX", "100"));
        rig.advance(100_000_000L);
        assertEquals("x", c.call("GET", "short"), "due at 100 ms: still there at 100 ms");
        rig.advance(1_000_000L);
        assertNull(c.call("GET", "short"), "gone after its 100 ms");
        assertEquals(0L, c.call("EXISTS", "short"));
    }

    @Test
    void theSweepRemovesExpiredKeysNobodyAsksFor() {
        KvRig rig = new KvRig(1);
        KvRig.Client c = rig.connect();
        for (int i = 0; i < 50; i++) {
            c.send("SET", "t" + i, "v", "PX", "10");
        }
        c.send("SET", "stays", "v");
        rig.settle();
        assertEquals(51, c.replies().size());
        assertEquals(51L, c.call("DBSIZE"));
        int rounds = new ShardTable(rig.shard(0).memory).slots() / KvShard.SWEEP_SLOTS;
        for (int i = 0; i < rounds; i++) {
            rig.advance(KvShard.SWEEP_NANOS);
        }
        assertEquals(1L, c.call("DBSIZE"), "a full pass of the sweep took every expired key");
    }

    @Test
    void errorsAreRedisOwnAndTheConnectionStaysUsable() {
        KvRig rig = new KvRig(2);
        KvRig.Client c = rig.connect();
        assertEquals(err("ERR unknown command 'foo', with args beginning with: 'a' 'b c' "), c.call("foo", "a", "b c"));
        assertEquals(err("ERR unknown command 'FLUSHEVERYTHING', with args beginning with: "), c.call("FLUSHEVERYTHING"));
        assertEquals(err("ERR wrong number of arguments for 'get' command"), c.call("GET"));
        assertEquals(err("ERR wrong number of arguments for 'get' command"), c.call("GET", "a", "b"));
        assertEquals(err("ERR wrong number of arguments for 'set' command"), c.call("SET", "a"));
        assertEquals(err("ERR wrong number of arguments for 'ping' command"), c.call("PING", "a", "b"));
        assertEquals(err("ERR wrong number of arguments for 'dbsize' command"), c.call("DBSIZE", "x"));
        assertEquals(err("ERR syntax error"), c.call("FLUSHALL", "NOW"));
        assertEquals("OK", c.call("FLUSHALL", "async"));
        assertEquals(err("ERR unknown subcommand 'foo'. Try CONFIG HELP."), c.call("CONFIG", "foo"));
        assertEquals(err("ERR wrong number of arguments for 'config|get' command"), c.call("CONFIG", "GET"));
        assertEquals(err("ERR wrong number of arguments for 'config' command"), c.call("CONFIG"));
        String longName = "x".repeat(200);
        Err cut = (Err) c.call(longName, "y".repeat(200));
        assertEquals("ERR unknown command '" + "x".repeat(128) + "', with args beginning with: '" + "y".repeat(128) + "' ",
                cut.text());
        assertEquals(err("ERR unknown command 'bad', with args beginning with: 'a  b' "), c.call("bad", "a\r\nb"),
                "CR and LF in an error become spaces");
        assertEquals("OK", c.call("SET", "still", "works"));
        assertEquals("works", c.call("GET", "still"));
    }

    @Test
    void aValueThatDoesNotFitAChannelMessageIsRefusedNotTruncated() {
        KvRig rig = new KvRig(2, 1024, 2048, java.util.Map.of());
        KvRig.Client c = rig.connect();
        int limit = ShardWire.maxKeyAndValue(2048);
        assertEquals(2020, limit);
        String key = "k";
        String fits = "v".repeat(limit - key.length());
        assertEquals("OK", c.call("SET", key, fits));
        assertEquals(fits, c.call("GET", key), "the largest value that fits comes back whole");
        Object refused = c.call("SET", key, fits + "v");
        Err e = assertInstanceOf(Err.class, refused);
        assertTrue(e.text().startsWith("ERR key and value of 2021 bytes do not fit one message to shard "), e.text());
        assertTrue(e.text().contains("at most 2020 bytes of key and value per key (channel slots of 2048 bytes)"), e.text());
        assertEquals(fits, c.call("GET", key), "the refused SET stored nothing");
        assertInstanceOf(Err.class, c.call("MSET", "a", "1", "b", "x".repeat(5000)));
        assertNull(c.call("GET", "a"), "a refused MSET stores none of its keys");
        assertInstanceOf(Err.class, c.call("GET", "x".repeat(3000)));
        assertEquals("OK", c.call("SET", "after", "ok"));
    }

    @Test
    void pipelinedRepliesComeBackInCommandOrderWhateverOrderShardsAnswerIn() {
        KvRig rig = new KvRig(4);
        KvRig.Client c = rig.connect();
        String slow = keyOn(1, 4, "slow");
        String fast = keyOn(2, 4, "fast");
        rig.shard(1).down = true; // shard 1 answers only once everything else has
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            switch (i % 5) {
                case 0 -> {
                    c.send("SET", slow, "s" + i);
                    expected.add("OK");
                }
                case 1 -> {
                    c.send("GET", slow);
                    expected.add("s" + (i - 1));
                }
                case 2 -> {
                    c.send("INCR", fast);
                    expected.add((long) (i / 5 + 1));
                }
                case 3 -> {
                    c.send("PING");
                    expected.add("PONG");
                }
                default -> {
                    c.send("NOSUCH");
                    expected.add(err("ERR unknown command 'NOSUCH', with args beginning with: "));
                }
            }
        }
        rig.settle();
        assertEquals(List.of(), c.replies(), "nothing goes out while the first command waits");
        rig.shard(1).down = false;
        rig.settle();
        assertEquals(expected, c.replies());
    }

    @Test
    void concurrentClientsEachGetTheirOwnRepliesInOrder() {
        KvRig rig = new KvRig(4);
        List<KvRig.Client> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clients.add(rig.connect());
        }
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).send("INCR", "counter:" + i).send("INCR", "shared").send("GET", "counter:" + i);
            }
        }
        rig.settle();
        long sharedSeen = 0;
        for (int i = 0; i < clients.size(); i++) {
            List<Object> replies = clients.get(i).replies();
            assertEquals(150, replies.size());
            for (int round = 0; round < 50; round++) {
                assertEquals((long) round + 1, replies.get(3 * round));
                sharedSeen = Math.max(sharedSeen, (Long) replies.get(3 * round + 1));
                assertEquals(String.valueOf(round + 1), replies.get(3 * round + 2));
            }
        }
        assertEquals(500L, sharedSeen);
        assertEquals(11L, clients.getFirst().call("DBSIZE"));
    }

    @Test
    void batchesCarryManyCommandsPerChannelMessage() {
        KvRig rig = new KvRig(1);
        KvRig.Client c = rig.connect();
        long before = rig.channel(KvRig.FRONT, "kv-0").seq;
        for (int i = 0; i < 100; i++) {
            c.send("SET", "k" + i, "v" + i);
        }
        rig.settle();
        long messages = rig.channel(KvRig.FRONT, "kv-0").seq - before;
        assertTrue(messages <= 3, "100 SETs went in " + messages + " messages");
        assertEquals(100, c.replies().size());
        assertTrue(rig.channel("kv-0", KvRig.FRONT).seq <= 3, "and their replies in " + rig.channel("kv-0", KvRig.FRONT).seq);
        assertEquals(1, rig.nic.sends, "one NIC send for the connection's 100 replies");
    }

    @Test
    void fullChannelsAndAFullNicKeepEverythingAndRetry() {
        KvRig rig = new KvRig(2, 2, 256, java.util.Map.of());
        KvRig.Client c = rig.connect();
        rig.nic.refusing = true;
        for (int i = 0; i < 200; i++) {
            c.send("SET", "k" + i, "value-" + i);
        }
        for (int i = 0; i < 200; i++) {
            c.send("GET", "k" + i);
        }
        for (int step = 0; step < 200; step++) {
            rig.advance(KvFront.RETRY_NANOS);
        }
        assertTrue(rig.channel(KvRig.FRONT, "kv-0").refused > 0, "the channel did fill up");
        assertEquals(List.of(), c.replies(), "the NIC refused everything so far");
        rig.nic.refusing = false;
        rig.advance(KvFront.RETRY_NANOS);
        List<Object> replies = c.replies();
        assertEquals(400, replies.size());
        for (int i = 0; i < 200; i++) {
            assertEquals("OK", replies.get(i));
            assertEquals("value-" + i, replies.get(200 + i));
        }
    }

    @Test
    void serverCommandsClientsSendWhenTheyConnect() {
        KvRig rig = new KvRig(2);
        KvRig.Client c = rig.connect();
        assertEquals(List.of("save", ""), c.call("CONFIG", "GET", "save"));
        assertEquals(List.of("appendonly", "no"), c.call("config", "get", "appendonly"));
        assertEquals(List.of("save", "", "appendonly", "no"), c.call("CONFIG", "GET", "save", "appendonly"));
        assertEquals(List.of(), c.call("CONFIG", "GET", "no-such-thing"));
        assertEquals(ServerCommands.configNames().size() * 2, ((List<?>) c.call("CONFIG", "GET", "*")).size());
        assertEquals(List.of("maxmemory", "0", "maxmemory-policy", "noeviction"), c.call("CONFIG", "GET", "maxmemory*"));
        assertInstanceOf(Err.class, c.call("CONFIG", "SET", "save", ""));
        assertEquals(List.of(), c.call("COMMAND", "DOCS"));
        assertEquals((long) Command.values().length, c.call("COMMAND", "COUNT"));
        List<?> all = (List<?>) c.call("COMMAND");
        assertEquals(Command.values().length, all.size());
        assertEquals(Arrays.asList(List.of("get", 2L, List.of("readonly", "fast"), 1L, 1L, 1L), null),
                c.call("COMMAND", "INFO", "get", "nosuch"));
        assertEquals(err("ERR unknown subcommand 'bogus'. Try COMMAND HELP."), c.call("COMMAND", "bogus"));
        assertEquals("OK", c.call("CLIENT", "SETNAME", "worker-1"));
        assertEquals("worker-1", c.call("CLIENT", "GETNAME"));
        assertEquals(err("ERR Client names cannot contain spaces, newlines or special characters."),
                c.call("CLIENT", "SETNAME", "bad name"));
        assertEquals("OK", c.call("CLIENT", "SETINFO", "LIB-NAME", "jedis"));
        assertEquals("OK", c.call("CLIENT", "SETINFO", "lib-ver", "6.2.0"));
        assertEquals(err("ERR Unrecognized option 'color'"), c.call("CLIENT", "SETINFO", "color", "blue"));
        assertEquals(c.id, c.call("CLIENT", "ID"));
        assertEquals(err("ERR wrong number of arguments for 'client|setname' command"), c.call("CLIENT", "SETNAME"));
        List<Object> hello = List.of("server", "redis", "version", "7.2.0", "proto", 2L, "id", c.id, "mode", "standalone",
                "role", "master", "modules", List.of());
        assertEquals(hello, c.call("HELLO"));
        assertEquals(hello, c.call("HELLO", "2", "SETNAME", "via-hello"));
        assertEquals("via-hello", c.call("CLIENT", "GETNAME"));
        assertEquals(err("NOPROTO unsupported protocol version"), c.call("HELLO", "3"));
        assertEquals(err("ERR Protocol version is not an integer or out of range"), c.call("HELLO", "two"));
        assertEquals(err("ERR Syntax error in HELLO option 'color'"), c.call("HELLO", "2", "color"));
        assertEquals("OK", c.call("SELECT", "0"));
        assertEquals(err("ERR DB index is out of range"), c.call("SELECT", "1"));
        assertEquals(err("ERR value is not an integer or out of range"), c.call("SELECT", "zero"));
        assertEquals("PONG", c.call("PING"));
    }

    @Test
    void infoReportsTheShardsTheirIncarnationsAndKeys() {
        KvRig rig = new KvRig(4);
        KvRig.Client c = rig.connect();
        c.call("SET", keyOn(1, 4, "a"), "1");
        c.call("SET", keyOn(1, 4, "b"), "2");
        String info = (String) c.call("INFO");
        assertTrue(info.contains("# Server\r\nredis_version:7.2.0\r\n"), info);
        assertTrue(info.contains("tcp_port:6379\r\n"), info);
        assertTrue(info.contains("# Bulwark\r\nshards:4\r\nshard_timeout:2s\r\n"), info);
        assertTrue(info.contains("shard0:name=kv-0,incarnation=1,keys=0,"), info);
        assertTrue(info.contains("shard1:name=kv-1,incarnation=1,keys=2,"), info);
        assertTrue(info.contains("db0:keys=2,expires=0,avg_ttl=0"), info);
        assertTrue(info.contains("connected_clients:1\r\n"), info);

        rig.shard(1).restart(0, false);
        c.call("GET", keyOn(1, 4, "a"));
        info = (String) c.call("INFO", "bulwark");
        assertFalse(info.contains("# Server"), info);
        assertTrue(info.contains("shard1:name=kv-1,incarnation=2,keys=0,"), info);
        assertTrue(info.contains(",restarts_seen=1,"), info);

        rig.shard(2).down = true;
        c.send("INFO", "bulwark");
        rig.settle();
        rig.advance(2_100_000_000L);
        info = (String) c.replies().getFirst();
        assertTrue(info.contains("shard2:name=kv-2,incarnation=1,status=unavailable,error=TRYAGAIN shard kv-2 did not answer within 2s"),
                info);
        assertTrue(info.contains("shard3:name=kv-3,incarnation=1,keys=0,"), info);
        assertEquals("# Server", ((String) c.call("INFO", "server")).lines().findFirst().orElseThrow());
    }

    @Test
    void theFrontSaysWhereItListensOnItsConsole() {
        KvRig rig = new KvRig(2);
        assertEquals(List.of("KV store listening on 127.0.0.1:6379"), rig.console);
    }

    @Test
    void quitAnswersOkAndClosesAfterTheRepliesBeforeIt() {
        KvRig rig = new KvRig(2);
        KvRig.Client c = rig.connect();
        c.send("SET", "a", "1").send("GET", "a").send("QUIT");
        rig.settle();
        assertEquals(List.of("OK", "1", "OK"), c.replies());
        assertTrue(c.closedByServer());
    }

    @Test
    void repliesForAConnectionThatClosedAreDropped() {
        KvRig rig = new KvRig(2);
        KvRig.Client gone = rig.connect();
        KvRig.Client stays = rig.connect();
        gone.send("SET", "a", "1");
        gone.close();
        rig.settle();
        assertEquals(List.of(), gone.replies());
        assertEquals("1", stays.call("GET", "a"), "the command was still carried out");
    }
}
