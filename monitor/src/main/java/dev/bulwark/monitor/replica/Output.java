package dev.bulwark.monitor.replica;

import dev.bulwark.sandbox.replica.OutputDescriptor;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One output of one copy, as it came off its link: its kind ({@link OutputDescriptor}) and its payload bytes. Two
 * outputs are equal when both are: the comparison is byte for byte, so a flipped bit anywhere in what would
 * leave the sandbox tells the copies apart.
 */
public record Output(int kind, byte[] bytes) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Output other && kind == other.kind && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * kind + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case OutputDescriptor.SEND -> "send";
            case OutputDescriptor.TIMER -> "timer";
            case OutputDescriptor.FINISH -> "finish";
            default -> "kind " + kind;
        };
        int shown = Math.min(bytes.length, 24);
        return what + "[" + bytes.length + " B: " + HexFormat.of().formatHex(bytes, 0, shown)
                + (shown < bytes.length ? "..." : "") + "]";
    }
}
