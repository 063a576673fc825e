package dev.bulwark.drill.report;

import dev.bulwark.drill.DrillReport;
import dev.bulwark.drill.Injection;
import dev.bulwark.drill.Outcome;
import dev.bulwark.hw.fault.FaultKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Drill reports built by hand for the reports' tests: no chip, no drill. */
final class Reports {
    private Reports() {
    }

    static final long MS = 1_000_000;

    /**
     * Six injections over two kinds and two variants: kernel-panic/restart (recovered, state-lost),
     * kernel-panic/microreboot (recovered, stopped), bit-flip/restart (masked, undetected-corruption). The
     * masked one has no latency at all, the stopped one no recovery, the corrupted one nothing but an
     * interruption. Fault texts hold commas, spaces and quotes.
     */
    static List<Injection> injections() {
        return List.of(
                new Injection(1, "restart", FaultKind.KERNEL_PANIC, "sandbox kv-0", "kv-0",
                        "panic in kernel, at tick 12", 5 * MS, 105 * MS, 1, Outcome.RECOVERED, "heartbeat",
                        "restart", 2 * MS, 40 * MS, 45 * MS, null),
                new Injection(2, "restart", FaultKind.KERNEL_PANIC, "sandbox kv-1", "kv-1",
                        "panic in app, \"put\" handler", 7 * MS, 230 * MS, 1, Outcome.STATE_LOST, "heartbeat",
                        "restart", 3 * MS, 60 * MS, 66 * MS, "restarted from the pristine image, 12 keys lost"),
                new Injection(3, "microreboot", FaultKind.KERNEL_PANIC, "sandbox kv-0", "kv-0",
                        "panic in kernel, at tick 40", 6 * MS, 400 * MS, 2, Outcome.RECOVERED, "heartbeat",
                        "microreboot", 1_500_000, 1_200_000, 3 * MS, null),
                new Injection(4, "microreboot", FaultKind.KERNEL_PANIC, "core 3", "kv-1",
                        "panic, then again, then again", 9 * MS, 530 * MS, 2, Outcome.STOPPED, "panic-event",
                        null, 250_000, Injection.NONE, 1_200 * MS, "restart intensity 3 in 10 s exceeded"),
                new Injection(5, "restart", FaultKind.BIT_FLIP, "kv-0 app data +0x1f40 bit 3", "kv-0",
                        "bit 3 of byte 0x1f40, app data", 4 * MS, 700 * MS, 3, Outcome.MASKED, null, null,
                        Injection.NONE, Injection.NONE, Injection.NONE, null),
                new Injection(6, "restart", FaultKind.BIT_FLIP, "kv-1 app data +0x10 bit 0", "kv-1",
                        "bit 0 of byte 0x10, app data", 8 * MS, 820 * MS, 3, Outcome.UNDETECTED_CORRUPTION, null,
                        null, Injection.NONE, Injection.NONE, 12 * MS,
                        "checker: key k7 read \"v7'\", wrote \"v7\""));
    }

    static DrillReport report(List<Injection> injections) {
        return report(injections, null);
    }

    static DrillReport report(List<Injection> injections, String stuck) {
        return new DrillReport("kv-basic", 42, "3f1c0a9be2d4a5b6c7d8e9f00112233445566778899aabbccddeeff0011223344",
                "0.1.0", "lab-1 (Linux 6.8)", "Eclipse Adoptium 25+36", 8, Instant.parse("2025-06-01T10:00:00Z"),
                Duration.ofMillis(12_345), List.of("restart", "microreboot"), injections, stuck);
    }

    static DrillReport report() {
        return report(injections());
    }

    /** The same injections with every time changed: as a second run of the same seed would time them. */
    static List<Injection> retimed(List<Injection> injections) {
        UnaryOperator<Long> shift = n -> n < 0 ? n : n * 3 + 17;
        List<Injection> out = new ArrayList<>();
        for (Injection i : injections) {
            out.add(new Injection(i.ordinal(), i.variant(), i.kind(), i.target(), i.victim(), i.fault(),
                    i.offsetNanos(), shift.apply(i.atNanos()), i.chip(), i.outcome(), i.detection(), i.scheme(),
                    shift.apply(i.detectNanos()), shift.apply(i.recoverNanos()), shift.apply(i.interruptNanos()),
                    i.reason()));
        }
        return out;
    }

    static Injection withOutcome(Injection i, Outcome outcome) {
        return new Injection(i.ordinal(), i.variant(), i.kind(), i.target(), i.victim(), i.fault(), i.offsetNanos(),
                i.atNanos(), i.chip(), outcome, i.detection(), i.scheme(), i.detectNanos(), i.recoverNanos(),
                i.interruptNanos(), i.reason());
    }
}
