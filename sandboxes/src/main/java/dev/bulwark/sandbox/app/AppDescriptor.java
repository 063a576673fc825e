package dev.bulwark.sandbox.app;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Function;

/**
 * An app as a chip knows it: the name a config uses, one line of what it does, the parameters it
 * declares, its code, what it can tell a reader from its memory, its system-wide check, and the integrity
 * check of its own memory that lets a microreboot keep that memory.
 *
 * @param name     the name in a config's {@code app:}
 * @param summary  one sentence: what the app does
 * @param params   the parameters it takes; any other is refused
 * @param factory  makes an instance from checked parameters
 * @param state    describes the app's state from a read-only view of its memory ("total 4465"), for
 *                 summaries and checkers; never called on the app's own thread
 * @param check    rules across all the sandboxes that run it
 * @param memoryCheck the integrity check of its structures in its memory ({@link AppMemoryCheck#UNDECLARED}
 *                 if it declares none: then no scheme keeps its memory)
 */
public record AppDescriptor(String name, String summary, List<AppParam> params, AppFactory factory,
                            Function<MemorySegment, String> state, AppCheck check, AppMemoryCheck memoryCheck) {
    public AppDescriptor {
        params = List.copyOf(params);
    }

    /** An app with no parameters, no state worth describing and no system-wide rules; add them with the withers. */
    public static AppDescriptor of(String name, String summary, AppFactory factory) {
        return new AppDescriptor(name, summary, List.of(), factory, memory -> "", AppCheck.NONE, AppMemoryCheck.UNDECLARED);
    }

    public AppDescriptor withParams(AppParam... declared) {
        return new AppDescriptor(name, summary, List.of(declared), factory, state, check, memoryCheck);
    }

    public AppDescriptor withState(Function<MemorySegment, String> describe) {
        return new AppDescriptor(name, summary, params, factory, describe, check, memoryCheck);
    }

    public AppDescriptor withCheck(AppCheck rules) {
        return new AppDescriptor(name, summary, params, factory, state, rules, memoryCheck);
    }

    public AppDescriptor withMemoryCheck(AppMemoryCheck integrity) {
        return new AppDescriptor(name, summary, params, factory, state, check, integrity);
    }

    /** The declared parameter {@code name}, or null. */
    public AppParam param(String name) {
        for (AppParam p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
