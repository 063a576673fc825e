package dev.bulwark.cli.inject;

import dev.bulwark.hw.fault.Fault;
import dev.bulwark.hw.fault.FaultInjector;
import dev.bulwark.hw.fault.FaultRefusedException;
import dev.bulwark.hw.fault.FaultTarget;
import dev.bulwark.monitor.Monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The injections of one run, each made into a fault for its live target, and the one thread that delivers each
 * at its time through the monitor's injector, so its {@code FaultInjected} (and any {@code FaultRefused}) event
 * is in the run's event log. The thread waits on its own, never on the supervisor or the command's thread, so
 * the status line and the event printer go on meanwhile. A fault the target cannot take at that moment (no live
 * kernel: it is recovering or stopped) is refused, recorded as such, and the schedule goes on.
 *
 * <p>Threading: {@link #plan}, {@link #start} and {@link #stop} run on the command's thread. The injector is
 * single-threaded: the command's thread draws with it in {@code plan}; from {@code start} (the thread's start
 * hands it over) to {@code stop} (its join hands it back) only this schedule's thread uses it.
 */
public final class InjectionSchedule {
    /**
     * One injection ready to fire: {@code number} counts from 1 in firing order, as the injector numbers its
     * events when only this schedule injects; {@code fault} has every parameter, given or drawn.
     */
    public record Planned(int number, Injection injection, FaultTarget target, Fault fault) {
    }

    private final FaultInjector injector;
    private final List<Planned> planned;
    private Thread thread;
    private int made; // written by the thread; read after joining it

    private InjectionSchedule(FaultInjector injector, List<Planned> planned) {
        this.injector = injector;
        this.planned = List.copyOf(planned);
    }

    /**
     * Resolves each injection's target on {@code monitor}'s chip (built, not necessarily serving yet) and draws
     * what the injection left out from the monitor's injector, in firing order, so the same seed gives the same
     * faults. A given bit-flip offset is checked against its area's size here, the first moment it is known.
     *
     * @param injections in firing order, as {@link InjectionSyntax#parse(List, ChipTargets, java.time.Duration)} gives them
     * @throws BadInjection if a given offset lies past the end of its area
     */
    public static InjectionSchedule plan(List<Injection> injections, Monitor monitor) {
        List<Planned> planned = new ArrayList<>();
        for (Injection injection : injections) {
            FaultTarget target = injection.target().resolve(monitor);
            Fault fault = injection.parameters().complete(injection.kind(), monitor.injector(), target);
            if (fault instanceof Fault.BitFlip(var area, long offset, int bit) && offset >= target.areaBytes(area)) {
                long bytes = target.areaBytes(area);
                throw new BadInjection(injection.typed(), "offset " + offset + " is past the end of " + target.targetName()
                        + "'s " + area.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + bytes + " bytes: offsets 0 to "
                        + (bytes - 1) + ")");
            }
            planned.add(new Planned(planned.size() + 1, injection, target, fault));
        }
        return new InjectionSchedule(monitor.injector(), planned);
    }

    /** Every injection, in firing order. */
    public List<Planned> planned() {
        return planned;
    }

    /**
     * Starts the thread that makes each injection {@code after} the moment {@code startNanos} (of
     * {@link System#nanoTime()}). An injection that could not be made at all (not a refusal: a defect) is told
     * to {@code problems}, in one line, and the rest go on.
     */
    public void start(long startNanos, Consumer<String> problems) {
        if (planned.isEmpty()) {
            return;
        }
        thread = Thread.ofPlatform().name("bulwark-inject").daemon(true).start(() -> {
            for (Planned p : planned) {
                long wait = startNanos + p.injection().after().toNanos() - System.nanoTime();
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, wait));
                } catch (InterruptedException stopped) {
                    return;
                }
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    injector.inject(p.target(), p.fault());
                } catch (FaultRefusedException refused) {
                    // recorded beside the injection as FaultRefused: the event log prints it
                } catch (RuntimeException e) {
                    problems.accept("injection #" + p.number() + " (" + InjectionSyntax.words(p.fault()) + " into "
                            + p.target().targetName() + ") could not be made: " + e.getMessage());
                }
                made++;
            }
        });
    }

    /**
     * Stops the thread (an injection under way completes first) and returns the injections it has not made, in
     * firing order: all of them if it never started.
     */
    public List<Planned> stop() {
        if (thread != null) {
            thread.interrupt();
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the join must finish: the caller closes the monitor next
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return planned.subList(thread == null ? 0 : made, planned.size());
    }
}
