package dev.bulwark.sandbox.app;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Function;

/**
 * An app as a chip knows it: the name a config uses, one line of what it does, the parameters it
 * declares, its code, what it can tell a reader from its memory, and its system-wide check.
 *
 * @param name     the name in a config's {@code app:}
 * @param summary  one sentence: what the app does
 * @param params   the parameters it takes; any other is refused
 * @param factory  makes an instance from checked parameters
 * @param state    describes the app's state from a read-only view of its memory ("total 4465"), for
 *                 summaries and checkers; never called on the app's own thread
 * @param check    rules across all the sandboxes that run it
 */
public record AppDescriptor(String name, String summary, List<AppParam> params, AppFactory factory,
                            Function<MemorySegment, String> state, AppCheck check) {
    public AppDescriptor {
        params = List.copyOf(params);
    }

    /** An app with no parameters, no state worth describing and no system-wide rules; add them with the withers. */
    public static AppDescriptor of(String name, String summary, AppFactory factory) {
        return new AppDescriptor(name, summary, List.of(), factory, memory -> "", AppCheck.NONE);
    }

    public AppDescriptor withParams(AppParam... declared) {
        return new AppDescriptor(name, summary, List.of(declared), factory, state, check);
    }

    public AppDescriptor withState(Function<MemorySegment, String> describe) {
        return new AppDescriptor(name, summary, params, factory, describe, check);
    }

    public AppDescriptor withCheck(AppCheck rules) {
        return new AppDescriptor(name, summary, params, factory, state, rules);
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
