package dev.bulwark.apps.kv;

import dev.bulwark.apps.kv.RespReader.Err;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.bulwark.apps.kv.KvStoreTest.keyOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shard recovery rule: every command settled by its reply, a later reply, or its deadline; never a wrong value. */
class KvRecoveryTest {
    private static final long TIMEOUT = 2_000_000_000L;

    @Test
    void requestsTakenByAFailedIncarnationGetTryAgainAtTheNextReply() {
        KvRig rig = new KvRig(4);
        KvRig.Client c = rig.connect();
        String before = keyOn(1, 4, "before");
        String lost = keyOn(1, 4, "lost");
        String after = keyOn(1, 4, "after");
        assertEquals("OK", c.call("SET", before, "1"));

        rig.shard(1).down = true;
        c.send("SET", lost, "2");
        rig.settle(); // one batch in the channel ...
        c.send("SET", after, "3");
        rig.settle(); // ... and a second one
        assertEquals(2, rig.channel(KvRig.FRONT, "kv-1").queue.size());
        rig.shard(1).restart(1, false); // the failed incarnation had taken the first batch
        rig.shard(1).down = false;
        rig.settle();

        List<Object> replies = c.replies();
        assertEquals(2, replies.size());
        assertEquals(new Err("TRYAGAIN shard kv-1 restarted (now incarnation 2) before answering; "
                + "the command may or may not have been applied"), replies.get(0));
        assertEquals("OK", replies.get(1), "the batch that waited in the channel was served by the new incarnation");
        assertNull(c.call("GET", before), "a restart from pristine lost the shard's keys");
        assertNull(c.call("GET", lost));
        assertEquals("3", c.call("GET", after));
        assertTrue(((String) c.call("INFO", "bulwark")).contains("incarnation=2,keys=1,"));
    }

    @Test
    void aShardThatDoesNotAnswerInTimeGetsAnErrorAndItsLateReplyIsDropped() {
        KvRig rig = new KvRig(2);
        KvRig.Client c = rig.connect();
        String k = keyOn(0, 2, "k");
        assertEquals("OK", c.call("SET", k, "old"));
        rig.shard(0).down = true;
        c.send("GET", k);
        c.send("SET", k, "new");
        rig.settle();
        rig.advance(TIMEOUT - 1);
        assertEquals(List.of(), c.replies(), "nothing before the deadline");
        rig.advance(200_000_000L);
        List<Object> replies = c.replies();
        assertEquals(2, replies.size());
        for (Object r : replies) {
            Err e = assertInstanceOf(Err.class, r);
            assertEquals("TRYAGAIN shard kv-0 did not answer within 2s (it may be recovering); "
                    + "the command may or may not have been applied", e.text());
        }
        rig.shard(0).down = false;
        rig.settle(); // the late replies ("old", OK) arrive and are dropped
        assertEquals("new", c.call("GET", k), "the timed-out SET was applied after all: allowed, and said so");
        assertEquals(List.of(), c.replies(), "no stray reply");
    }

    /**
     * A closed-loop client sends nothing more until it is answered, so no later reply settles the one request a
     * restarted shard lost: the shard's start notice makes the front send a fence behind it, whose reply does, long
     * before the deadline. Found by the kernel-faults drill: an app panic in a shard cost its client the timeout.
     */
    @Test
    void aLoneRequestARestartedShardTookIsAnsweredAtItsStartNotAtTheDeadline() {
        for (boolean inPlace : new boolean[] {true, false}) {
            KvRig rig = new KvRig(2);
            KvRig.Client c = rig.connect();
            String k = keyOn(1, 2, "alone");
            assertEquals("OK", c.call("SET", k, "1"));
            rig.shard(1).down = true;
            c.send("INCR", k);
            rig.settle();
            if (inPlace) {
                rig.shard(1).takeAndRestartApp(); // it ran the INCR and died before sending the reply
            } else {
                rig.shard(1).restart(1, true); // a new incarnation (memory kept); the failed one had taken the INCR
            }
            rig.shard(1).down = false;
            rig.settle(); // no clock advance: nowhere near the deadline
            assertEquals(List.of(new Err(inPlace
                    ? "TRYAGAIN shard kv-1 (incarnation 1) lost the command before answering (its app restarted); "
                    + "the command may or may not have been applied"
                    : "TRYAGAIN shard kv-1 restarted (now incarnation 2) before answering; "
                    + "the command may or may not have been applied")), c.replies(), inPlace ? "in place" : "new incarnation");
            assertEquals("OK", c.call("SET", k, "5"), "the fence's own reply goes to no client");
            assertEquals("5", c.call("GET", k));
        }
    }

    @Test
    void anAppRestartLosesOnlyUnsentRepliesAndKeepsTheKeys() {
        KvRig rig = new KvRig(2);
        KvRig.Client c = rig.connect();
        String k = keyOn(1, 2, "kept");
        assertEquals("OK", c.call("SET", k, "1"));
        rig.shard(1).down = true;
        c.send("INCR", k);
        rig.settle();
        c.send("GET", k);
        rig.settle();
        rig.shard(1).takeAndRestartApp(); // it ran the INCR and died before sending the reply
        rig.shard(1).down = false;
        rig.settle();
        assertEquals(List.of(new Err("TRYAGAIN shard kv-1 (incarnation 1) lost the command before answering "
                + "(its app restarted); the command may or may not have been applied"), "2"), c.replies());
        assertEquals("2", c.call("GET", k), "the app's memory kept the table");
    }

    @Test
    void aNewFrontInstanceClosesTheConnectionsTheOldOneServed() {
        KvRig rig = new KvRig(2);
        KvRig.Client a = rig.connect();
        KvRig.Client b = rig.connect();
        assertEquals("OK", a.call("SET", "x", "1"));
        rig.shard(0).down = true;
        rig.shard(1).down = true;
        a.send("GET", "x");
        rig.settle();
        rig.front().restartApp();
        rig.settle();
        assertTrue(a.closedByServer() && b.closedByServer(), "both were closed: their commands in flight are lost");
        rig.shard(0).down = false;
        rig.shard(1).down = false;
        rig.settle();
        assertEquals(List.of(), a.replies(), "the old instance's reply matched nothing and was dropped");
        KvRig.Client fresh = rig.connect();
        assertEquals("1", fresh.call("GET", "x"));
        a.send("GET", "x");
        rig.settle();
        assertEquals(List.of(), a.replies(), "a frame from a connection the old instance had is not served");
    }

    @Test
    void aShardWithoutAChannelFromTheFrontAnswersWithAnErrorNamingIt() {
        KvRig rig = new KvRig(2, 1024, 2048, Map.of(), Set.of(KvRig.FRONT + ">kv-1"));
        KvRig.Client c = rig.connect();
        assertEquals(new Err("ERR shard kv-1 is unreachable: the front has no channel to it"),
                c.call("GET", keyOn(1, 2, "k")));
        assertEquals("OK", c.call("SET", keyOn(0, 2, "k"), "v"));
        assertTrue(rig.console.get(1).contains("has no channel to shard(s) kv-1"), rig.console.toString());
        String info = (String) c.call("INFO", "bulwark");
        assertTrue(info.contains("shard1:name=kv-1,incarnation=0,status=unavailable,error=ERR shard kv-1 is unreachable"), info);
    }

    @Test
    void aShardThatTakesNothingStopsTakingCommandsOnceItsBacklogIsFull() {
        KvRig rig = new KvRig(2, 16, 2048, Map.of());
        KvRig.Client writer = rig.connect();
        KvRig.Client other = rig.connect();
        String k = keyOn(0, 2, "k");
        rig.shard(0).down = true;
        String value = "v".repeat(2000);
        for (int i = 0; i < (ShardLink.MAX_BACKLOG_BYTES / 2048) + 100; i++) {
            writer.send("SET", k, value);
        }
        Object refused = other.call("GET", k); // before any deadline
        assertEquals(new Err("TRYAGAIN shard kv-0 is not taking requests (more than 8 MiB wait to be sent to it)"), refused);
        assertEquals(List.of(), writer.replies(), "the writer's first SET still waits for its deadline");
        assertEquals("OK", other.call("SET", keyOn(1, 2, "k"), "fine"), "the other shard serves on");
    }

    /**
     * A seeded mix of pipelined SET/GET/INCR/DEL on a few keys while shards fail (restart from pristine with
     * some batches taken, app restarts with unsent replies, stalls past the timeout). Every command gets
     * exactly one reply, and every value read is one the rules allow: what the last acknowledged write left,
     * a write whose outcome was reported uncertain, or nil where a shard lost its keys.
     */
    @Test
    void underShardFailuresEveryCommandIsAnsweredOnceWithAnAllowedValue() {
        for (long seed = 1; seed <= 6; seed++) {
            runChaos(seed);
        }
    }

    private static void runChaos(long seed) {
        Random random = new Random(seed);
        KvRig rig = new KvRig(3);
        KvRig.Client c = rig.connect();
        String[] keys = new String[6];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = keyOn(i % 3, 3, "c" + i + "-");
        }
        Map<String, Set<String>> possible = new HashMap<>();
        for (String k : keys) {
            possible.put(k, new HashSet<>(java.util.Collections.singleton(null)));
        }
        int errors = 0;
        for (int round = 0; round < 60; round++) {
            List<Object[]> sent = new ArrayList<>();
            Set<Integer> wiped = new HashSet<>();
            int commands = 1 + random.nextInt(12);
            for (int i = 0; i < commands; i++) {
                String k = keys[random.nextInt(keys.length)];
                Object[] cmd = switch (random.nextInt(4)) {
                    case 0 -> new Object[]{"SET", k, "r" + round + "i" + i};
                    case 1 -> new Object[]{"GET", k};
                    case 2 -> new Object[]{"INCR", k};
                    default -> new Object[]{"DEL", k};
                };
                c.send(cmd);
                sent.add(cmd);
                if (random.nextInt(3) == 0) {
                    rig.settle(); // a batch boundary
                }
                if (random.nextInt(8) == 0) {
                    int s = random.nextInt(3);
                    rig.shard(s).down = true;
                }
            }
            rig.settle();
            switch (random.nextInt(5)) {
                case 0 -> {
                    int s = random.nextInt(3);
                    rig.shard(s).restart(random.nextInt(3), false);
                    wiped.add(s);
                }
                case 1 -> rig.shard(random.nextInt(3)).takeAndRestartApp();
                case 2 -> rig.advance(TIMEOUT + 1); // whatever is stalled times out
                default -> {
                }
            }
            for (int s = 0; s < 3; s++) {
                rig.shard(s).down = false;
            }
            rig.settle();
            rig.advance(TIMEOUT + 1);
            List<Object> replies = c.replies();
            assertEquals(sent.size(), replies.size(), "seed " + seed + " round " + round + ": one reply per command");
            for (int i = 0; i < sent.size(); i++) {
                Object[] cmd = sent.get(i);
                String k = (String) cmd[1];
                Set<String> p = possible.get(k);
                if (wiped.contains(new KeyRouter(3).shardOf(k.getBytes()))) {
                    p.add(null); // the wipe may have come before this command
                }
                Object reply = replies.get(i);
                String where = "seed " + seed + " round " + round + " command " + i + " " + java.util.Arrays.toString(cmd)
                        + " -> " + reply + ", allowed " + p;
                if (reply instanceof Err e) {
                    assertTrue(e.text().startsWith("TRYAGAIN ") || e.text().equals(Errors.NOT_AN_INTEGER), where);
                    if (e.text().startsWith("TRYAGAIN")) {
                        errors++;
                        switch ((String) cmd[0]) {
                            case "SET" -> p.add((String) cmd[2]);
                            case "DEL" -> p.add(null);
                            case "INCR" -> new ArrayList<>(p).forEach(v -> {
                                if (v == null) {
                                    p.add("1");
                                } else if (v.matches("-?\\d+")) {
                                    p.add(String.valueOf(Long.parseLong(v) + 1));
                                }
                            });
                            default -> {
                            }
                        }
                    } else {
                        assertTrue(p.stream().anyMatch(v -> v != null && !v.matches("-?\\d+")), where);
                    }
                    continue;
                }
                switch ((String) cmd[0]) {
                    case "SET" -> {
                        assertEquals("OK", reply, where);
                        p.clear();
                        p.add((String) cmd[2]);
                    }
                    case "GET" -> {
                        assertTrue(p.contains((String) reply), where);
                        p.clear();
                        p.add((String) reply);
                    }
                    case "INCR" -> {
                        long n = (Long) reply;
                        assertTrue(p.contains(n == 1 ? null : String.valueOf(n - 1)) || p.contains(String.valueOf(n - 1)), where);
                        p.clear();
                        p.add(String.valueOf(n));
                    }
                    default -> {
                        long n = (Long) reply;
                        assertTrue(n == 0 ? p.contains(null) : p.stream().anyMatch(v -> v != null), where);
                        p.clear();
                        p.add(null);
                    }
                }
            }
            for (String k : keys) {
                if (wiped.contains(new KeyRouter(3).shardOf(k.getBytes()))) {
                    possible.get(k).add(null); // the wipe may have come after every command of the round
                }
            }
        }
        assertTrue(errors > 0, "seed " + seed + ": the failures did cost some commands");
        assertFalse(c.closedByServer());
    }
}
