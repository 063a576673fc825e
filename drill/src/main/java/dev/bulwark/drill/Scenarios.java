package dev.bulwark.drill;

import dev.bulwark.drill.workload.KvLoad;
import dev.bulwark.drill.workload.Workloads;
import dev.bulwark.hw.fault.FaultKind;
import dev.bulwark.monitor.policy.Redundant;
import dev.bulwark.monitor.policy.Scheme;
import dev.bulwark.monitor.policy.Standby;
import dev.bulwark.monitor.replica.ReplicaSet;
import dev.bulwark.monitor.spec.RecoverySpec;

import java.time.Duration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The drills shipped in the jar, each a config (in {@code scenarios/}), workloads, variants and a fault mix.
 *
 * <table>
 *   <caption>What each reproduces</caption>
 *   <tr><th>scenario</th><th>faults</th><th>compares</th></tr>
 *   <tr><td>core-failure</td><td>core fail-stops under the KV workload</td><td>migration to spare cores</td></tr>
 *   <tr><td>kernel-faults</td><td>panic, hang, bit flip, wild write in the KV shards; messages corrupted on the
 *       channels into them</td>
 *       <td>restart vs microreboot: recovery rate and state kept (ReHype's table)</td></tr>
 *   <tr><td>driver-failure</td><td>the NIC and its driver in the KV front</td>
 *       <td>service interruption per scheme: restart, microreboot, failover to a warm standby on core 7 (the
 *       driver-recovery paper's table)</td></tr>
 *   <tr><td>containment</td><td>every kernel fault, in the token ring only</td>
 *       <td>the KV store's and the control loop's checkers must stay green</td></tr>
 *   <tr><td>campaign</td><td>every fault kind with a target, on every target</td><td>everything</td></tr>
 *   <tr><td>cuju</td><td>panics and hangs in the KV shards</td><td>no epochs vs rollback to epochs of 1 to 50 ms:
 *       throughput and latency under a pipelined load (Cuju's overhead per epoch), and the audit of output
 *       commit: no output of a rolled-back epoch escaped, no acknowledged write lost</td></tr>
 *   <tr><td>covert</td><td>bit flips in a KV shard and in its copies</td>
 *       <td>one copy vs two (DMR: detect) vs three (TMR: vote and mask), and the fault-free throughput of each</td></tr>
 * </table>
 *
 * <p>One fault kind of the injector has no target in any scenario: monitor faults (the monitor is not a fault target).
 * A message corruption is drawn only by kernel-faults, into the channels to the shards (the front's request batches:
 * the front answers a request whose batch was dropped with an error once its timeout passes); campaign's mix does
 * not draw it yet, though its chip's channels would take it. A block device is a
 * target only in a user's own config ({@code --config}): no scenario runs the word count, whose job ends.
 */
public final class Scenarios {
    private static final Set<String> SHARDS_3 = Set.of("kv-0", "kv-1", "kv-2");
    private static final String COVERT_SHARD = "kv-0";
    /** The COVERT drill's shard, and its copies where a variant runs it redundantly. */
    private static final Set<String> COVERT_VICTIMS = Set.of(COVERT_SHARD, ReplicaSet.copyName(COVERT_SHARD, 1),
            ReplicaSet.copyName(COVERT_SHARD, 2), ReplicaSet.copyName(COVERT_SHARD, 3));
    private static final List<FaultKind> KERNEL_KINDS =
            List.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP, FaultKind.WILD_WRITE);
    private static final List<FaultKind> KERNEL_AND_MESSAGE_KINDS =
            List.of(FaultKind.KERNEL_PANIC, FaultKind.HANG, FaultKind.BIT_FLIP, FaultKind.WILD_WRITE, FaultKind.MESSAGE_CORRUPTION);

    /**
     * The cuju drill's load: 4 connections x 512 commands in flight (2048). Measured on a shared 2-CPU host (seed 1,
     * two runs): the store served 165000 to 254000 commands a second without epochs, at a 1-deep round trip of about
     * 0.15 ms; rollback adds about one epoch to each round trip, so the bandwidth-delay product at a 5 ms epoch was
     * 850 to 1300 commands: 2048 cover it. At 10 ms (1700 to 2600) it is borderline, at 50 ms (8300 to 12700) not
     * covered: the table's bdp column says so, and such a variant's throughput is the window's, in flight over
     * its latency.
     */
    private static final KvLoad CUJU_LOAD = new KvLoad(4, 512, Duration.ofSeconds(1), Duration.ofSeconds(3), 1);
    /** The covert drill's: what one copy, two and three cost under the same pipelined load. */
    private static final KvLoad COVERT_LOAD = new KvLoad(4, 64, Duration.ofSeconds(1), Duration.ofSeconds(3), 1);

    private static final List<Scenario> ALL = List.of(
            new Scenario("core-failure", "cores fail for good under the KV workload; each sandbox moves to a spare core",
                    "kv.yaml", List.of(SchemeVariant.AS_CONFIGURED),
                    FaultMix.of(List.of(FaultKind.CORE_FAIL_STOP), Set.of()), 30, Workloads.standard()),
            new Scenario("kernel-faults", "panics, hangs, bit flips and wild writes in the KV shards, messages corrupted on "
                    + "their way to them: restart vs microreboot",
                    "kv.yaml", List.of(SchemeVariant.first(Scheme.RESTART, SHARDS_3), SchemeVariant.first(Scheme.MICROREBOOT, SHARDS_3)),
                    FaultMix.of(KERNEL_AND_MESSAGE_KINDS, SHARDS_3), 200, Workloads.standard()),
            new Scenario("driver-failure", "the NIC and its driver fail in the KV front: restart vs microreboot vs warm standby",
                    "kv.yaml", List.of(SchemeVariant.first(Scheme.RESTART, Set.of("front")),
                    SchemeVariant.first(Scheme.MICROREBOOT, Set.of("front")),
                    SchemeVariant.first(new Standby(7, Standby.Mode.WARM), Set.of("front"))),
                    FaultMix.of(List.of(FaultKind.DRIVER_BUG, FaultKind.DEVICE_FAILURE), Set.of("front")), 100,
                    Workloads.standard()),
            new Scenario("containment", "every kernel fault in the token ring; the KV store and the control loop must not notice",
                    "campaign.yaml", List.of(SchemeVariant.AS_CONFIGURED),
                    FaultMix.of(KERNEL_KINDS, Set.of("ring-0", "ring-1", "ring-2")), 200, Workloads.standard()),
            new Scenario("campaign", "every fault kind on every target, at random, under three workloads",
                    "campaign.yaml", List.of(SchemeVariant.AS_CONFIGURED), campaignMix(), 1000,
                    Workloads.standard()),
            new Scenario("cuju", "KV throughput and latency vs epoch length (none, 1, 5, 10, 50 ms); no rolled-back "
                    + "output escaped", "cuju.yaml", cujuVariants(), FaultMix.of(List.of(FaultKind.KERNEL_PANIC,
                    FaultKind.HANG), SHARDS_3), 20, Workloads.standard(), CUJU_LOAD),
            new Scenario("covert", "bit flips in a KV shard run once, as two copies (DMR) and as three (TMR); the "
                    + "throughput each costs", "covert.yaml", List.of(SchemeVariant.AS_CONFIGURED.labelled("none"),
                    redundant(2), redundant(3)),
                    FaultMix.of(List.of(FaultKind.BIT_FLIP), COVERT_VICTIMS), 60, Workloads.standard(), COVERT_LOAD));

    /**
     * {@code copies} copies of the COVERT drill's shard, on cores 1, 2 (and 3), then restart: DMR or TMR. Keeps the
     * shard's restart intensity and backoff.
     */
    static SchemeVariant redundant(int copies) {
        Redundant scheme = new Redundant(copies, copies == 2 ? List.of(1, 2) : List.of(1, 2, 3));
        return new SchemeVariant(copies == 2 ? "DMR" : "TMR", spec -> {
            RecoverySpec r = spec.recoveryOf(COVERT_SHARD);
            return spec.withRecoveryOf(COVERT_SHARD, new RecoverySpec(List.of(scheme, Scheme.RESTART), r.maxRestarts(),
                    r.within(), r.backoff()));
        });
    }

    private Scenarios() {
    }

    /** The shards without epochs (restart alone), then rolling back to epochs of 1, 5, 10 and 50 ms. */
    private static List<SchemeVariant> cujuVariants() {
        List<SchemeVariant> variants = new ArrayList<>();
        variants.add(SchemeVariant.first(Scheme.RESTART, SHARDS_3).labelled("none"));
        for (int ms : new int[] {1, 5, 10, 50}) {
            variants.add(SchemeVariant.rollback(Duration.ofMillis(ms), SHARDS_3));
        }
        return List.copyOf(variants);
    }

    /** Every kind a target takes on the campaign's chip; a core fail-stop less often (each costs a spare core). */
    private static FaultMix campaignMix() {
        Map<FaultKind, Integer> weights = new EnumMap<>(FaultKind.class);
        KERNEL_KINDS.forEach(k -> weights.put(k, 4));
        weights.put(FaultKind.DEVICE_FAILURE, 2);
        weights.put(FaultKind.DRIVER_BUG, 2);
        weights.put(FaultKind.CORE_FAIL_STOP, 1);
        return new FaultMix(weights, Set.of());
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The scenarios' names, for a message: {@code core-failure, kernel-faults, ...}. */
    public static String names() {
        return String.join(", ", ALL.stream().map(Scenario::name).toList());
    }
}
