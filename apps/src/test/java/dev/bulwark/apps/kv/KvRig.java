package dev.bulwark.apps.kv;

import dev.bulwark.hw.memory.MemoryWindow;
import dev.bulwark.hw.memory.Partition;
import dev.bulwark.ipc.Claim;
import dev.bulwark.ipc.Message;
import dev.bulwark.ipc.MessageCopy;
import dev.bulwark.ipc.PayloadTooLargeException;
import dev.bulwark.ipc.Sender;
import dev.bulwark.sandbox.app.App;
import dev.bulwark.sandbox.app.AppContext;
import dev.bulwark.sandbox.app.BlockPort;
import dev.bulwark.sandbox.app.ConsolePort;
import dev.bulwark.sandbox.app.DeviceEvent;
import dev.bulwark.sandbox.app.NicPort;
import dev.bulwark.sandbox.app.RespFrame;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A KV front and its shards wired together in one thread, deterministically: channels are queues with a
 * capacity, the NIC records what the front sends per connection, and the clock moves only when told
 * ({@link #advance}). {@link #settle} runs kernel-like passes (drain each sandbox's inbound channels, then
 * fire its due timers) until nothing more happens.
 */
final class KvRig {
    static final String FRONT = "front";
    static final String NIC = "net";

    long now = 1_000_000_000L;
    final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
    final Map<String, Channel> channels = new HashMap<>();
    final Nic nic = new Nic();
    final List<String> console = new ArrayList<>();
    private long nextConnection = 1;

    /** A front over {@code shards} shards, channels of {@code capacity} messages of {@code slotBytes}. */
    KvRig(int shards, int capacity, int slotBytes, Map<String, String> frontParams) {
        this(shards, capacity, slotBytes, frontParams, Set.of());
    }

    /** The same, without the channels named "from>to" in {@code omitted}. */
    KvRig(int shards, int capacity, int slotBytes, Map<String, String> frontParams, Set<String> omitted) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            names.add("kv-" + i);
        }
        Map<String, String> params = new HashMap<>(Map.of("nic", NIC, "shards", String.join(",", names), "console", "tty"));
        params.putAll(frontParams);
        sandboxes.put(FRONT, new Sandbox(FRONT, 1, () -> KvFront.create(params), 1 << 20));
        for (String name : names) {
            sandboxes.put(name, new Sandbox(name, sandboxes.size() + 1, () -> KvShard.create(Map.of("front", FRONT)), 1 << 20));
            channels.put(FRONT + ">" + name, new Channel(capacity, slotBytes));
            channels.put(name + ">" + FRONT, new Channel(capacity, slotBytes));
        }
        omitted.forEach(channels::remove);
        sandboxes.values().forEach(Sandbox::boot);
        settle();
    }

    KvRig(int shards) {
        this(shards, 1024, 2048, Map.of());
    }

    Sandbox front() {
        return sandboxes.get(FRONT);
    }

    Sandbox shard(int i) {
        return sandboxes.get("kv-" + i);
    }

    // ---- clients ------------------------------------------------------------------------------------------

    /** Opens a client connection. */
    Client connect() {
        long id = nextConnection++;
        front().device(new DeviceEvent.NicEvent(NIC, id, DeviceEvent.NicEvent.Kind.OPENED, new byte[0]));
        return new Client(id);
    }

    /** A client connection: sends commands as NIC frames, reads the replies the front sent it. */
    final class Client {
        final long id;
        private int read;

        Client(long id) {
            this.id = id;
        }

        /** Sends one command (no settling: pipeline as many as you like). */
        Client send(Object... args) {
            byte[][] bytes = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                bytes[i] = args[i] instanceof byte[] b ? b : String.valueOf(args[i]).getBytes(StandardCharsets.UTF_8);
            }
            front().device(new DeviceEvent.NicEvent(NIC, id, DeviceEvent.NicEvent.Kind.FRAME, RespFrame.encode(bytes)));
            return this;
        }

        /** Sends one command, settles, and returns its one reply. */
        Object call(Object... args) {
            send(args);
            settle();
            List<Object> replies = replies();
            if (replies.size() != 1) {
                throw new AssertionError("expected one reply, got " + replies);
            }
            return replies.getFirst();
        }

        /** The replies that arrived since the last call (decoded: see {@link RespReader}). */
        List<Object> replies() {
            byte[] all = nic.sent(id);
            RespReader reader = new RespReader(all, read);
            List<Object> replies = reader.readAll();
            read = reader.position();
            return replies;
        }

        void close() {
            front().device(new DeviceEvent.NicEvent(NIC, id, DeviceEvent.NicEvent.Kind.CLOSED, new byte[0]));
        }

        boolean closedByServer() {
            return nic.closed.contains(id);
        }
    }

    // ---- running ------------------------------------------------------------------------------------------

    /** Passes until no sandbox has a message to take or a timer due now. */
    void settle() {
        for (int pass = 0; pass < 100_000; pass++) {
            boolean work = false;
            for (Sandbox s : sandboxes.values()) {
                work |= s.pass();
            }
            if (!work) {
                return;
            }
        }
        throw new AssertionError("the rig did not settle in 100,000 passes");
    }

    /** Moves the clock by {@code nanos} and settles. */
    void advance(long nanos) {
        now += nanos;
        settle();
    }

    /** Channel {@code from} to {@code to}. */
    Channel channel(String from, String to) {
        return channels.get(from + ">" + to);
    }

    // ---- fakes --------------------------------------------------------------------------------------------

    interface Factory {
        App create();
    }

    /** A sandbox: its app, memory, timers and incarnation. */
    final class Sandbox implements AppContext {
        final String name;
        final int id;
        private final Factory factory;
        Partition partition;
        MemoryWindow memory;
        int incarnation = 1;
        App app;
        private final List<long[]> timers = new ArrayList<>();
        boolean down;

        Sandbox(String name, int id, Factory factory, long memoryBytes) {
            this.name = name;
            this.id = id;
            this.factory = factory;
            this.partition = TestMemory.partition(memoryBytes);
            this.memory = partition.window(0, memoryBytes);
        }

        /** The read-only view of the app memory that a memory check gets. */
        MemorySegment view() {
            return TestMemory.view(partition, memory.byteSize());
        }

        void boot() {
            timers.clear();
            app = factory.create();
            app.start(this);
        }

        /**
         * A kernel restart: the running instance dies holding the messages {@code taken} from its inbound
         * channels (they are gone), comes back as the next incarnation, with zeroed memory unless
         * {@code keepMemory}.
         */
        void restart(int taken, boolean keepMemory) {
            Channel in = channel(FRONT, name);
            for (int i = 0; in != null && i < taken && !in.queue.isEmpty(); i++) {
                in.queue.poll();
            }
            incarnation++;
            if (!keepMemory) {
                partition = TestMemory.partition(memory.byteSize());
                memory = partition.window(0, memory.byteSize());
            }
            boot();
        }

        /** An app restart: a fresh instance, the same memory and incarnation. */
        void restartApp() {
            boot();
        }

        /**
         * The app takes the next message of each inbound channel and handles it, then throws before its
         * flush: the kernel restarts it (a fresh instance, the same memory); whatever it had not sent is lost.
         */
        void takeAndRestartApp() {
            for (var e : channels.entrySet()) {
                if (e.getKey().endsWith(">" + name)) {
                    Message m = e.getValue().queue.poll();
                    if (m != null) {
                        app.onMessage(this, m);
                    }
                }
            }
            restartApp();
        }

        boolean pass() {
            if (down) {
                return false;
            }
            boolean work = false;
            for (var e : channels.entrySet()) {
                if (e.getKey().endsWith(">" + name)) {
                    Message m;
                    while ((m = e.getValue().queue.poll()) != null) {
                        app.onMessage(this, m);
                        work = true;
                    }
                }
            }
            List<long[]> due = new ArrayList<>();
            for (var it = timers.iterator(); it.hasNext(); ) {
                long[] t = it.next();
                if (t[0] <= now) {
                    due.add(t);
                    it.remove();
                }
            }
            for (long[] t : due) {
                app.onTimer(this, t[1]);
                work = true;
            }
            return work;
        }

        void device(DeviceEvent event) {
            app.onDevice(this, event);
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
            Channel c = channels.get(name + ">" + to);
            if (c == null) {
                throw new IllegalArgumentException("no channel from " + name + " to " + to);
            }
            return c.sender(this, to);
        }

        @Override
        public void setTimer(long delayNanos, long timerId) {
            timers.add(new long[]{now + Math.max(0, delayNanos), timerId});
        }

        @Override
        public MemoryWindow memory() {
            return memory;
        }

        @Override
        public NicPort nic(String device) {
            if (!device.equals(NIC)) {
                throw new IllegalArgumentException("no NIC " + device);
            }
            return nic;
        }

        @Override
        public BlockPort block(String device) {
            throw new IllegalArgumentException("no block device " + device);
        }

        @Override
        public ConsolePort console(String device) {
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
        public void finish(boolean success, String summary) {
        }
    }

    /** A channel: a bounded FIFO of message copies. */
    static final class Channel {
        final ArrayDeque<Message> queue = new ArrayDeque<>();
        int capacity;
        final int slotBytes;
        long seq;
        long refused;

        Channel(int capacity, int slotBytes) {
            this.capacity = capacity;
            this.slotBytes = slotBytes;
        }

        Sender sender(Sandbox from, String to) {
            return new Sender() {
                @Override
                public String to() {
                    return to;
                }

                @Override
                public int slotBytes() {
                    return slotBytes;
                }

                @Override
                public Claim claim(int type) {
                    throw new UnsupportedOperationException("the KV apps send with send()");
                }

                @Override
                public boolean send(int type, byte[] payload, int offset, int length) {
                    if (length > slotBytes) {
                        throw new PayloadTooLargeException(to, length, slotBytes);
                    }
                    if (queue.size() >= capacity) {
                        refused++;
                        return false;
                    }
                    byte[] copy = new byte[length];
                    System.arraycopy(payload, offset, copy, 0, length);
                    queue.add(MessageCopy.of(type, from.id, from.incarnation, ++seq, from.now(), copy));
                    return true;
                }
            };
        }
    }

    /** The NIC: what the front sent to each connection, which it closed; it can be made to refuse. */
    static final class Nic implements NicPort {
        final Map<Long, ByteArrayOutputStream> out = new HashMap<>();
        final Set<Long> closed = new HashSet<>();
        boolean refusing;
        long sends;

        @Override
        public String device() {
            return NIC;
        }

        @Override
        public String address() {
            return "127.0.0.1:6379";
        }

        @Override
        public boolean send(long connection, byte[] bytes, int offset, int length) {
            if (refusing) {
                return false;
            }
            sends++;
            out.computeIfAbsent(connection, c -> new ByteArrayOutputStream()).write(bytes, offset, length);
            return true;
        }

        @Override
        public boolean close(long connection) {
            if (refusing) {
                return false;
            }
            closed.add(connection);
            return true;
        }

        byte[] sent(long connection) {
            ByteArrayOutputStream b = out.get(connection);
            return b == null ? new byte[0] : b.toByteArray();
        }
    }
}
