package dev.bulwark.monitor.replica;

import dev.bulwark.hw.clock.NanoClock;
import dev.bulwark.hw.core.CoreProgram;
import dev.bulwark.hw.core.Lease;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.channel.Channel;
import dev.bulwark.ipc.channel.InPort;
import dev.bulwark.ipc.channel.OutPort;
import dev.bulwark.sandbox.replica.LogDescriptor;
import dev.bulwark.sandbox.replica.OutputDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The input sequencer and output comparator of one redundant sandbox: the role COVERT's hypervisor plays. It
 * owns the sandbox's real channel ends (the consumer of each inbound channel, the producer of each outbound one)
 * and runs as a program on a core of the monitor's own, outside the chip's cores: not app code, not a fault target.
 *
 * <h2>Input sequencer</h2>
 * Each pass polls the real inbound channels in config order (up to {@link #BATCH} each) and fires the timers
 * the copies agreed on, in deadline order; every input becomes one entry of the sandbox's input log
 * ({@link LogDescriptor}), numbered, stamped with the replicator's clock read once, at logging. Every copy is
 * sent every entry, in order, on its own log channel, so all copies see the same inputs in the same order at
 * the same logical times, whatever their own timing. It stops taking inputs while {@link #BACKLOG} entries wait
 * for some copy, leaving them queued in the real channels (back-pressure).
 *
 * <h2>Replay</h2>
 * The log keeps the whole generation, so that a copy rebuilt while the others serve can be fed it from entry 0
 * and replay its way to their state: its own memory and its app's heap, which no copy of memory could give it
 * (an app keeps replies it has not sent yet on its heap). Kept entries cost their bytes; past
 * {@link #RETAINED_BYTES} the oldest that every copy has been sent are dropped, and the generation can no
 * longer be replayed ({@link #replayable()}): a copy that fails then is recovered with the others, by the next
 * scheme of the chain, which starts a new generation.
 *
 * <h2>Output comparator</h2>
 * Each copy's outputs come off its link ({@link OutputDescriptor}); {@link OutputVote} matches the k-th of every
 * voting copy. An agreed SEND leaves once, on the real channel (held here, in order, while that channel is
 * full); an agreed TIMER is armed here; an agreed FINISH is reported. An outvoted copy is not fed again and is
 * reported ({@link Listener#outvoted}); a divergence stops the whole generation ({@link Listener#diverged}):
 * nothing more is logged, fed or sent until the monitor {@link #reset}s it with fresh copies. So no output a
 * copy made after its fault ever leaves unless a majority made it too.
 *
 * <h2>Generations and copies</h2>
 * A generation is one life of the whole sandbox: its log numbering starts at 0, its real outbound messages and
 * log entries are stamped with its number as their incarnation (the copies' {@code incarnation()}), so a copy
 * skips log entries of another generation and a receiver sees a restart. A copy is DOWN (failed, retired: not
 * fed, not voting), PENDING (fed from entry 0, not yet started: a new generation's copies until they attach) or
 * LIVE (fed and voting, outputs accepted only from its current incarnation, so a retired one's last outputs are
 * dropped). A copy attached in a generation already under way replays it, catching up ({@link OutputVote}).
 *
 * <h2>Threading</h2>
 * Everything but the command methods runs on the replicator's thread. The monitor's thread hands it commands
 * ({@link #reset}, {@link #attach}, {@link #down}) through a concurrent queue
 * and rings its doorbell; they run in order at the start of its next pass, before it reads any link, so a copy's
 * attach is seen before anything its kernel outputs. Listener calls run on the replicator's thread.
 */
public final class Replicator implements CoreProgram {
    /** Messages taken from each inbound channel, and outputs from each link, per pass. */
    static final int BATCH = 64;
    /** Entries that may wait for some copy before the sequencer stops taking inputs. */
    static final int BACKLOG = 4096;
    /** Bytes of entries the log keeps for replay at most (the oldest beyond it are dropped). */
    static final long RETAINED_BYTES = 64L << 20;
    /** How soon a pass retries sends held for a full real channel. */
    private static final long HELD_RETRY_NANOS = 50_000;

    /** What the replicator tells the monitor; called on the replicator's thread: hand it on and return. */
    public interface Listener {
        /** Copy {@code copy} (0-based) was outvoted: a majority made another output. */
        void outvoted(int copy, int incarnation, String cause);

        /** The copies' outputs differ with no majority; {@code copy} is the first voter, named in the report. */
        void diverged(int copy, int incarnation, String cause);

        /** The copies agreed the app's job is done. */
        void finished(int generation, boolean success, String summary);
    }

    private enum State { DOWN, PENDING, LIVE }

    /** One copy's ends and where it stands. */
    private static final class Copy {
        final String name;
        final Channel logChannel;
        final InPort link;
        OutPort log;
        State state = State.PENDING;
        int incarnation = -1;
        long fed;
        long fedNanos;

        Copy(String name, Channel logChannel, InPort link) {
            this.name = name;
            this.logChannel = logChannel;
            this.link = link;
        }
    }

    private record Entry(int kind, byte[] bytes, long nanos) {
    }

    private record Timer(long deadline, long order, long id) {
    }

    private final String sandbox;
    private final int senderId;
    private final NanoClock clock;
    private final Lease lease;
    private final Listener listener;
    private final InPort[] inbound;
    private final Channel[] outboundChannels;
    private final OutPort[] outbound;
    private final List<ArrayDeque<Output>> held = new ArrayList<>();
    private final Copy[] copies;
    private final OutputVote vote;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final ArrayList<Entry> log = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.deadline() != b.deadline()
            ? Long.compare(a.deadline() - b.deadline(), 0) : Long.compare(a.order(), b.order()));
    private long timerOrder;
    /** The index of {@code log.get(head)}; entries before {@code head} are trimmed but not yet removed. */
    private long logBase;
    private int head;
    private int generation;
    private boolean active;
    private long retainedBytes;
    /** Whether the log still holds the whole generation (written by the replicator's thread, read by the monitor's). */
    private volatile boolean replayable = true;
    private Runnable ring = () -> { };

    /**
     * The replicator of {@code sandbox}, stamping its real outbound messages with {@code senderId}, owning the
     * consumer ends of {@code inbound} and the producer ends of {@code outbound} (config order), and the copies'
     * {@code logs} (producer ends) and {@code links} (consumer ends), in copy order, all under {@code lease}.
     * Starts generation 1 with every copy PENDING at index 0, its clock at {@code startNanos}.
     */
    public Replicator(String sandbox, int senderId, List<Channel> inbound, List<Channel> outbound, List<String> copyNames,
                      List<Channel> logs, List<Channel> links, Lease lease, NanoClock clock, Listener listener,
                      long startNanos) {
        this.sandbox = sandbox;
        this.senderId = senderId;
        this.clock = clock;
        this.lease = lease;
        this.listener = listener;
        this.inbound = inbound.stream().map(c -> c.consumer(lease)).toArray(InPort[]::new);
        this.outboundChannels = outbound.toArray(new Channel[0]);
        this.outbound = new OutPort[outboundChannels.length];
        for (int i = 0; i < outboundChannels.length; i++) {
            held.add(new ArrayDeque<>());
        }
        this.copies = new Copy[copyNames.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = new Copy(copyNames.get(i), logs.get(i), links.get(i).consumer(lease));
        }
        this.vote = new OutputVote(copies.length);
        begin(1, startNanos);
    }

    /** How a command wakes the replicator's thread: its doorbell's ring (set once its run exists). */
    public void ringWith(Runnable ring) {
        this.ring = ring;
    }

    // ---- commands: any thread (the monitor's) ---------------------------------------------------------------

    /** Starts generation {@code generation}: the log from 0, at {@code startNanos}, every copy PENDING at 0. */
    public void reset(int generation, long startNanos) {
        command(() -> begin(generation, startNanos));
    }

    /**
     * Copy {@code copy}'s incarnation {@code incarnation} is about to start: it is fed the generation's log from
     * entry 0 and votes once it has caught up (at once, in a fresh generation).
     */
    public void attach(int copy, int incarnation) {
        command(() -> {
            Copy c = copies[copy];
            c.state = State.LIVE;
            c.incarnation = incarnation;
            c.fed = 0;
            vote.join(copy);
        });
    }

    /** Whether a copy attached now could replay the whole generation (any thread). */
    public boolean replayable() {
        return replayable;
    }

    /** Copy {@code copy} failed or was retired: it is neither fed nor counted until attached again. */
    public void down(int copy) {
        command(() -> {
            copies[copy].state = State.DOWN;
            vote.leave(copy);
        });
    }

    private void command(Runnable c) {
        commands.add(c);
        ring.run();
    }

    // ---- the replicator's thread ----------------------------------------------------------------------------

    @Override
    public int doWork() {
        int work = 0;
        for (Runnable c; (c = commands.poll()) != null; work++) {
            c.run();
        }
        long now = clock.nanoTime();
        if (active) {
            work += sequence(now);
            work += feed();
        }
        work += collect();
        if (active) {
            work += decide(now);
        }
        work += flushHeld();
        trim();
        return work;
    }

    @Override
    public long wakeAt(long now) {
        if (!commands.isEmpty()) {
            return now;
        }
        for (Copy c : copies) {
            if (!c.link.isEmpty()) {
                return now;
            }
        }
        if (active) {
            if (backlog() < BACKLOG) {
                for (InPort p : inbound) {
                    if (!p.isEmpty()) {
                        return now;
                    }
                }
            }
            for (Copy c : copies) {
                if (c.state != State.DOWN && c.fed < end()) {
                    return now + HELD_RETRY_NANOS; // its log channel is full: look again soon
                }
            }
        }
        long at = Long.MAX_VALUE;
        if (active && !timers.isEmpty()) {
            at = timers.peek().deadline();
        }
        for (ArrayDeque<Output> h : held) {
            if (!h.isEmpty()) {
                at = Math.min(at, now + HELD_RETRY_NANOS);
            }
        }
        return at;
    }

    private void begin(int generation, long startNanos) {
        this.generation = generation;
        active = true;
        log.clear();
        head = 0;
        logBase = 0;
        retainedBytes = 0;
        replayable = true;
        timers.clear();
        vote.reset();
        for (int i = 0; i < outbound.length; i++) {
            outbound[i] = outboundChannels[i].producer(senderId, generation, lease);
        }
        for (Copy c : copies) {
            c.log = c.logChannel.producer(senderId, generation, lease);
            c.state = State.PENDING;
            c.incarnation = -1;
            c.fed = 0;
            c.fedNanos = startNanos;
        }
    }

    private long end() {
        return logBase + (log.size() - head);
    }

    /**
     * Entries some copy still to be fed has not been sent, not counting a copy that is catching up (replaying: the
     * sequencer does not wait for it, so the others serve on).
     */
    private long backlog() {
        long low = end();
        for (int i = 0; i < copies.length; i++) {
            if (copies[i].state != State.DOWN && !vote.isCatchingUp(i)) {
                low = Math.min(low, copies[i].fed);
            }
        }
        return end() - low;
    }

    /** The lowest entry some copy still to be fed has not been sent: what the log must keep at least. */
    private long lowestUnsent() {
        long low = end();
        for (Copy c : copies) {
            if (c.state != State.DOWN) {
                low = Math.min(low, c.fed);
            }
        }
        return low;
    }

    private void append(Entry e) {
        log.add(e);
        retainedBytes += e.bytes().length;
    }

    private int sequence(long now) {
        int work = 0;
        for (int i = 0; i < inbound.length; i++) {
            for (int b = 0; b < BATCH && backlog() < BACKLOG; b++) {
                Message m = inbound[i].poll();
                if (m == null) {
                    break;
                }
                long at = clock.nanoTime(); // the one clock read of this input: every copy's now() while it handles it
                byte[] bytes = new byte[LogDescriptor.MESSAGE_HEADER + m.length()];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(LogDescriptor.INDEX_AT, end()).putLong(LogDescriptor.LOGICAL_NANOS_AT, at)
                        .putInt(LogDescriptor.INBOUND_AT, i).putInt(LogDescriptor.TYPE_AT, m.type())
                        .putInt(LogDescriptor.SENDER_AT, m.sender()).putInt(LogDescriptor.INCARNATION_AT, m.incarnation())
                        .putLong(LogDescriptor.SEQ_AT, m.seq()).putLong(LogDescriptor.SENT_NANOS_AT, m.sentNanos());
                m.getBytes(0, bytes, LogDescriptor.MESSAGE_HEADER, m.length());
                inbound[i].handled();
                append(new Entry(LogDescriptor.MESSAGE, bytes, at));
                work++;
            }
        }
        while (!timers.isEmpty() && timers.peek().deadline() - now <= 0 && backlog() < BACKLOG) {
            Timer t = timers.poll();
            long at = clock.nanoTime();
            byte[] bytes = new byte[LogDescriptor.TIMER_BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(LogDescriptor.INDEX_AT, end())
                    .putLong(LogDescriptor.LOGICAL_NANOS_AT, at).putLong(LogDescriptor.TIMER_ID_AT, t.id());
            append(new Entry(LogDescriptor.TIMER, bytes, at));
            work++;
        }
        return work;
    }

    /** Sends each copy the entries it has not been sent, as far as its log channel takes them. */
    private int feed() {
        int work = 0;
        long end = end();
        for (Copy c : copies) {
            if (c.state == State.DOWN) {
                continue;
            }
            while (c.fed < end) {
                Entry e = log.get(head + (int) (c.fed - logBase));
                Claim claim = c.log.claim(e.kind());
                if (claim == null) {
                    break; // full: the copy is behind; the rest waits here
                }
                claim.putBytes(0, e.bytes(), 0, e.bytes().length).commit();
                c.fed++;
                c.fedNanos = e.nanos();
                work++;
            }
        }
        return work;
    }

    /** Takes every copy's outputs off its link; keeps those of a LIVE copy's current incarnation, in a live generation. */
    private int collect() {
        int work = 0;
        for (int i = 0; i < copies.length; i++) {
            work += collect(i, BATCH);
        }
        return work;
    }

    private int collect(int i, int max) {
        Copy c = copies[i];
        int work = 0;
        for (int b = 0; b < max; b++) {
            Message m = c.link.poll();
            if (m == null) {
                break;
            }
            if (active && c.state == State.LIVE && m.incarnation() == c.incarnation) {
                vote.add(i, new Output(m.type(), m.payload()));
            }
            c.link.handled();
            work++;
        }
        return work;
    }

    private int decide(long now) {
        int work = 0;
        for (OutputVote.Decision d; active && (d = vote.next()) != null; work++) {
            switch (d) {
                case OutputVote.Decision.Agreed a -> {
                    carryOut(a.output(), now);
                    for (int odd : a.outvoted()) {
                        copies[odd].state = State.DOWN;
                        listener.outvoted(odd, copies[odd].incarnation, "output #" + a.index() + " of " + sandbox + ": "
                                + copies[odd].name + " made something else than the majority's " + a.output());
                    }
                }
                case OutputVote.Decision.Diverged v -> {
                    active = false;
                    StringBuilder cause = new StringBuilder("output #" + v.index() + " of " + sandbox + " differs:");
                    v.outputs().forEach((copy, o) -> cause.append(' ').append(copies[copy].name).append(" made ").append(o).append(';'));
                    int first = v.outputs().keySet().stream().min(Integer::compare).orElseThrow();
                    listener.diverged(first, copies[first].incarnation, cause.substring(0, cause.length() - 1));
                }
            }
        }
        return work;
    }

    private void carryOut(Output o, long now) {
        ByteBuffer b = ByteBuffer.wrap(o.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (o.kind()) {
            case OutputDescriptor.SEND -> {
                int channel = b.getInt(OutputDescriptor.OUTBOUND_AT);
                ArrayDeque<Output> queue = held.get(channel);
                if (!queue.isEmpty() || !send(channel, o)) {
                    queue.addLast(o);
                }
            }
            case OutputDescriptor.TIMER -> timers.add(new Timer(now + b.getLong(OutputDescriptor.DELAY_AT), timerOrder++,
                    b.getLong(OutputDescriptor.TIMER_ID_AT)));
            case OutputDescriptor.FINISH -> listener.finished(generation, b.getInt(OutputDescriptor.SUCCESS_AT) != 0,
                    new String(o.bytes(), OutputDescriptor.SUMMARY_AT, o.bytes().length - OutputDescriptor.SUMMARY_AT,
                            StandardCharsets.UTF_8));
            default -> throw new IllegalStateException(sandbox + ": agreed output of unknown kind " + o.kind());
        }
    }

    /** The one real send of an agreed SEND; false if its channel is full now. */
    private boolean send(int channel, Output o) {
        byte[] bytes = o.bytes();
        int type = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(OutputDescriptor.TYPE_AT);
        Claim claim = outbound[channel].claim(type);
        if (claim == null) {
            return false;
        }
        claim.putBytes(0, bytes, OutputDescriptor.SEND_HEADER, bytes.length - OutputDescriptor.SEND_HEADER).commit();
        return true;
    }

    private int flushHeld() {
        int work = 0;
        for (int i = 0; i < held.size(); i++) {
            ArrayDeque<Output> queue = held.get(i);
            while (!queue.isEmpty() && send(i, queue.peekFirst())) {
                queue.pollFirst();
                work++;
            }
        }
        return work;
    }

    /**
     * Past {@link #RETAINED_BYTES}, drops the oldest entries every copy still to be fed has been sent: the
     * generation can no longer be replayed.
     */
    private void trim() {
        if (retainedBytes <= RETAINED_BYTES) {
            return;
        }
        long low = lowestUnsent();
        int drop = (int) (low - logBase);
        if (drop <= 0) {
            return;
        }
        for (int i = head; i < head + drop; i++) {
            retainedBytes -= log.get(i).bytes().length;
            log.set(i, null);
        }
        replayable = false;
        head += drop;
        logBase = low;
        if (head > 1024 && head > log.size() / 2) {
            log.subList(0, head).clear();
            head = 0;
        }
    }

    /** The current generation (replicator's thread, or a test once it is quiet). */
    public int generation() {
        return generation;
    }

    @Override
    public String toString() {
        return "replicator of " + sandbox + " (generation " + generation + (active ? "" : ", diverged") + ")";
    }
}
