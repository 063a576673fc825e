/**
 * The modeled chip: cores, physical memory, clock, events, fault injection.
 *
 * <p>Every package but one is exported only to the modules named (DESIGN.md, "Modules"). The exception
 * is {@code dev.bulwark.hw.memory}, exported to all, because the App API hands every app a
 * {@link dev.bulwark.hw.memory.MemoryWindow} ({@code AppContext.memory()}). That package also holds
 * {@code Partition} and {@code Backing}: app code can name the types, but nothing it is handed leads to a
 * partition or a backing (a window has no accessor for the partition behind it, a partition none for its
 * backing), and the package is not open, so reflection cannot reach one either. The package needs native access:
 * a partition is a backing's segment reinterpreted onto the incarnation's arena, a restricted method. {@code dev.bulwark.hw.core} (cores, doorbells) is not exported to apps at all.
 */
module dev.bulwark.hw {
    exports dev.bulwark.hw.memory;

    exports dev.bulwark.hw.clock to dev.bulwark.ipc, dev.bulwark.sandboxes, dev.bulwark.monitor, dev.bulwark.drill, dev.bulwark.cli;
    exports dev.bulwark.hw.core to dev.bulwark.ipc, dev.bulwark.sandboxes, dev.bulwark.monitor, dev.bulwark.drill, dev.bulwark.cli;
    exports dev.bulwark.hw.event to dev.bulwark.monitor, dev.bulwark.drill, dev.bulwark.cli;
    exports dev.bulwark.hw.fault to dev.bulwark.ipc, dev.bulwark.sandboxes, dev.bulwark.monitor, dev.bulwark.drill, dev.bulwark.cli;
    exports dev.bulwark.hw.device to dev.bulwark.sandboxes, dev.bulwark.monitor, dev.bulwark.drill, dev.bulwark.cli;
}
