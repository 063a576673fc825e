package dev.bulwark.apps.wordcount;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.hw.memory.Region;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.MessageCopy;
import dev.bulwark.ipc.PayloadTooLargeException;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.AppFactory;
import dev.bulwark.sandbox.app.BlockPort;
import dev.bulwark.sandbox.app.ConsolePort;
import dev.bulwark.sandbox.app.DeviceEvent;
import dev.bulwark.sandbox.app.NicPort;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A chip in a test: sandboxes running apps on one thread, one event at a time, with the App API's
 * semantics as far as the word count relies on them: bounded FIFO channels that refuse when full and survive
 * restarts, one-shot timers (dropped at a restart), app memory (zeroed at a kernel restart, kept at an app
 * restart), block devices whose requests complete on a later step (optionally out of order), consoles,
 * {@code finish}. Which sandbox runs next is drawn from a seeded random stream, so a test explores one
 * interleaving per seed and every run of it is the same. The clock moves 1 µs per event and jumps to the next
 * timer when nothing else is ready.
 */
final class FakeChip {
    private final Random random;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<String> console = new ArrayList<>();
    private long now = 1_000_000_000L;
    private Boolean success;
    private String summary;
    private int finishes;

    FakeChip(long seed) {
        this.random = new Random(seed);
    }

    // ---- building ----------------------------------------------------------------------------------------

    FakeChip sandbox(String name, AppFactory app, Map<String, String> params) {
        nodes.put(name, new Node(name, nodes.size() + 1, app, params));
        return this;
    }

    FakeChip channel(String from, String to, int capacity, int slotBytes) {
        Node f = nodes.get(from);
        Node t = nodes.get(to);
        Chan c = new Chan(f, t, capacity, slotBytes);
        f.out.put(to, c);
        t.in.add(c);
        return this;
    }

    FakeChip block(String owner, String device, byte[] contents, int pageBytes, boolean shuffled) {
        nodes.get(owner).blocks.put(device, new Block(device, nodes.get(owner), contents, pageBytes, shuffled));
        return this;
    }

    FakeChip console(String owner, String device) {
        nodes.get(owner).consoles.add(device);
        return this;
    }

    void boot() {
        for (Node n : nodes.values()) {
            n.boot(1, true);
        }
    }

    // ---- running -----------------------------------------------------------------------------------------

    /** Runs until {@code done} or {@code maxEvents} events; returns whether {@code done} became true. */
    boolean runUntil(BooleanSupplier done, long maxEvents) {
        for (long i = 0; i < maxEvents; i++) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (!step()) {
                long next = nodes.values().stream().filter(n -> !n.stopped && !n.timers.isEmpty())
                        .mapToLong(n -> n.timers.peek().at).min().orElse(Long.MAX_VALUE);
                if (next == Long.MAX_VALUE) {
                    return done.getAsBoolean();
                }
                now = Math.max(now, next);
            }
        }
        return done.getAsBoolean();
    }

    /** One event at one sandbox with something ready; false if none has. */
    boolean step() {
        List<Node> ready = nodes.values().stream().filter(n -> !n.stopped && n.ready()).toList();
        if (ready.isEmpty()) {
            return false;
        }
        ready.get(random.nextInt(ready.size())).deliverOne();
        now += 1_000;
        return true;
    }

    /** A kernel restart from the pristine image: a new incarnation, zeroed memory, no timers; channels stay. */
    void restartKernel(String name) {
        Node n = nodes.get(name);
        n.boot(n.incarnation + 1, true);
    }

    /** A microreboot: a new incarnation on the memory the last one left (its check passed), no timers; channels stay. */
    void microreboot(String name) {
        Node n = nodes.get(name);
        n.boot(n.incarnation + 1, false);
    }

    /** An app restart: a fresh instance, same incarnation, same memory, no timers; channels stay. */
    void restartApp(String name) {
        Node n = nodes.get(name);
        n.boot(n.incarnation, false);
    }

    /** The sandbox stops for good: nothing is delivered to it any more. */
    void stop(String name) {
        nodes.get(name).stopped = true;
    }

    /** Lets {@code time} pass with nothing happening (a stall), so timers come due. */
    void advance(long nanos) {
        now += nanos;
    }

    long now() {
        return now;
    }

    boolean finished() {
        return success != null;
    }

    Boolean success() {
        return success;
    }

    String summary() {
        return summary;
    }

    int finishes() {
        return finishes;
    }

    List<String> console() {
        return console;
    }

    /** Messages refused by full channels so far. */
    long refusals() {
        return nodes.values().stream().flatMap(n -> n.out.values().stream()).mapToLong(c -> c.refusals).sum();
    }

    /** Puts a message on the channel {@code from -> to} as if {@code from}'s app had sent it. */
    void send(String from, String to, int type, byte[] payload) {
        if (!nodes.get(from).out.get(to).send(type, payload)) {
            throw new IllegalStateException("the channel " + from + " -> " + to + " is full");
        }
    }

    /** A sandbox's app memory (its current incarnation's). */
    MemoryWindow memory(String name) {
        return nodes.get(name).memory;
    }

    /** The read-only view of a sandbox's app memory that a memory check gets. */
    MemorySegment view(String name) {
        return nodes.get(name).partition.contents();
    }

    /** Flips one bit of a sandbox's app memory, as a hardware fault would. */
    void flipBit(String name, long offset, int bit) {
        nodes.get(name).partition.flipBit(offset, bit);
    }

    /** The contents of a block device. */
    byte[] contents(String owner, String device) {
        return nodes.get(owner).blocks.get(device).contents;
    }

    // ---- the parts -----------------------------------------------------------------------------------------

    private record Timer(long at, long id, long order) {
    }

    private final class Node implements AppContext {
        final String name;
        final int id;
        final AppFactory code;
        final Map<String, String> params;
        final Map<String, Chan> out = new LinkedHashMap<>();
        final List<Chan> in = new ArrayList<>();
        final Map<String, Block> blocks = new LinkedHashMap<>();
        final List<String> consoles = new ArrayList<>();
        final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.order, b.order));
        long timerOrder;
        int incarnation;
        Partition partition;
        MemoryWindow memory;
        App app;
        boolean stopped;

        Node(String name, int id, AppFactory code, Map<String, String> params) {
            this.name = name;
            this.id = id;
            this.code = code;
            this.params = params;
        }

        void boot(int incarnation, boolean freshMemory) {
            this.incarnation = incarnation;
            if (freshMemory || memory == null) {
                partition = Partition.open(new Region(name, 0, 64 * 1024), 4096);
                memory = partition.window(0, 64 * 1024);
            }
            timers.clear();
            for (Block b : blocks.values()) {
                b.completions.clear(); // requests of the old incarnation never complete for the new one
                b.inFlight = 0;
            }
            stopped = false;
            app = code.create(params);
            app.start(this);
        }

        boolean ready() {
            if (!timers.isEmpty() && timers.peek().at <= now) {
                return true;
            }
            for (Chan c : in) {
                if (!c.queue.isEmpty()) {
                    return true;
                }
            }
            for (Block b : blocks.values()) {
                if (!b.completions.isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        void deliverOne() {
            List<Runnable> choices = new ArrayList<>();
            if (!timers.isEmpty() && timers.peek().at <= now) {
                choices.add(() -> app.onTimer(this, timers.poll().id));
            }
            for (Chan c : in) {
                if (!c.queue.isEmpty()) {
                    choices.add(() -> app.onMessage(this, c.queue.poll()));
                }
            }
            for (Block b : blocks.values()) {
                if (!b.completions.isEmpty()) {
                    choices.add(() -> app.onDevice(this, b.complete()));
                }
            }
            choices.get(random.nextInt(choices.size())).run();
        }

        @Override
        public String sandboxName() {
            return name;
        }

        @Override
        public int incarnation() {
            return incarnation;
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public Sender channelTo(String to) {
            Chan c = out.get(to);
            if (c == null) {
                throw new IllegalArgumentException(name + " has no channel to '" + to + "' (granted: " + out.keySet() + ")");
            }
            return c;
        }

        @Override
        public void setTimer(long delayNanos, long timerId) {
            timers.add(new Timer(now + Math.max(0, delayNanos), timerId, timerOrder++));
        }

        @Override
        public MemoryWindow memory() {
            return memory;
        }

        @Override
        public NicPort nic(String device) {
            throw new IllegalArgumentException(name + " owns no NIC " + device);
        }

        @Override
        public BlockPort block(String device) {
            Block b = blocks.get(device);
            if (b == null) {
                throw new IllegalArgumentException(name + " owns no block device " + device);
            }
            return b;
        }

        @Override
        public ConsolePort console(String device) {
            if (!consoles.contains(device)) {
                throw new IllegalArgumentException(name + " owns no console " + device);
            }
            return new ConsolePort() {
                @Override
                public String device() {
                    return device;
                }

                @Override
                public void println(String line) {
                    console.add(line);
                }
            };
        }

        @Override
        public void finish(boolean ok, String text) {
            finishes++;
            if (success == null) {
                success = ok;
                summary = text;
            }
        }
    }

    /** A one-way bounded channel; what it holds survives restarts of either end. */
    private final class Chan implements Sender {
        final Node from;
        final Node to;
        final int capacity;
        final int slotBytes;
        final ArrayDeque<Message> queue = new ArrayDeque<>();
        long seq;
        long refusals;

        Chan(Node from, Node to, int capacity, int slotBytes) {
            this.from = from;
            this.to = to;
            this.capacity = capacity;
            this.slotBytes = slotBytes;
        }

        @Override
        public String to() {
            return to.name;
        }

        @Override
        public int slotBytes() {
            return slotBytes;
        }

        @Override
        public Claim claim(int type) {
            if (queue.size() >= capacity) {
                refusals++;
                return null;
            }
            return new FrameClaim(this, type);
        }

        @Override
        public boolean send(int type, byte[] payload, int offset, int length) {
            if (length > slotBytes) {
                throw new PayloadTooLargeException(to.name, length, slotBytes);
            }
            if (queue.size() >= capacity) {
                refusals++;
                return false;
            }
            publish(type, Arrays.copyOfRange(payload, offset, offset + length));
            return true;
        }

        void publish(int type, byte[] payload) {
            queue.add(MessageCopy.of(type, from.id, from.incarnation, ++seq, now, payload));
        }
    }

    private static final class FrameClaim implements Claim {
        private final Chan channel;
        private final int type;
        private final ByteBuffer frame;
        private int length;
        private boolean open = true;

        FrameClaim(Chan channel, int type) {
            this.channel = channel;
            this.type = type;
            this.frame = ByteBuffer.allocate(channel.slotBytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public int capacity() {
            return channel.slotBytes;
        }

        @Override
        public int length() {
            return length;
        }

        private void reach(int at, int bytes) {
            if (at + bytes > channel.slotBytes) {
                throw new PayloadTooLargeException(channel.to.name, at + bytes, channel.slotBytes);
            }
            length = Math.max(length, at + bytes);
        }

        @Override
        public Claim putByte(int at, byte value) {
            reach(at, 1);
            frame.put(at, value);
            return this;
        }

        @Override
        public Claim putInt(int at, int value) {
            reach(at, 4);
            frame.putInt(at, value);
            return this;
        }

        @Override
        public Claim putLong(int at, long value) {
            reach(at, 8);
            frame.putLong(at, value);
            return this;
        }

        @Override
        public Claim putBytes(int at, byte[] src, int srcOffset, int n) {
            reach(at, n);
            frame.put(at, src, srcOffset, n);
            return this;
        }

        @Override
        public void commit() {
            if (open) {
                open = false;
                channel.publish(type, Arrays.copyOf(frame.array(), length));
            }
        }

        @Override
        public void abort() {
            open = false;
        }
    }

    /** A block device over a byte array; requests complete one per event, in order or shuffled. */
    private final class Block implements BlockPort {
        final String device;
        final Node owner;
        byte[] contents;
        final int pageBytes;
        final boolean shuffled;
        final List<DeviceEvent.BlockCompletion> completions = new ArrayList<>();
        static final int DEPTH = 16;
        int inFlight;

        Block(String device, Node owner, byte[] contents, int pageBytes, boolean shuffled) {
            this.device = device;
            this.owner = owner;
            this.contents = contents;
            this.pageBytes = pageBytes;
            this.shuffled = shuffled;
        }

        DeviceEvent.BlockCompletion complete() {
            inFlight--;
            return completions.remove(shuffled ? random.nextInt(completions.size()) : 0);
        }

        @Override
        public String device() {
            return device;
        }

        @Override
        public int pageBytes() {
            return pageBytes;
        }

        @Override
        public long pages() {
            return (contents.length + pageBytes - 1) / pageBytes;
        }

        @Override
        public long byteSize() {
            return contents.length;
        }

        @Override
        public boolean read(long page, long tag) {
            check(page);
            if (inFlight >= DEPTH) {
                return false;
            }
            inFlight++;
            byte[] data = Arrays.copyOfRange(contents, (int) (page * pageBytes), (int) (page * pageBytes) + pageBytes);
            completions.add(new DeviceEvent.BlockCompletion(device, tag, page, false, data));
            return true;
        }

        @Override
        public boolean write(long page, byte[] data, long tag) {
            check(page);
            if (data.length > pageBytes) {
                throw new IndexOutOfBoundsException(data.length + " bytes do not fit a page");
            }
            if (inFlight >= DEPTH) {
                return false;
            }
            inFlight++;
            int at = (int) (page * pageBytes);
            System.arraycopy(data, 0, contents, at, Math.min(data.length, contents.length - at));
            completions.add(new DeviceEvent.BlockCompletion(device, tag, page, true, null));
            return true;
        }

        private void check(long page) {
            if (page < 0 || page >= pages()) {
                throw new IndexOutOfBoundsException("page " + page + " is not in [0, " + pages() + ")");
            }
        }

        @Override
        public int inFlight() {
            return inFlight;
        }
    }
}
