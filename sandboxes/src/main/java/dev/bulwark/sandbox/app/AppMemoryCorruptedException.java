package dev.bulwark.sandbox.app;

/**
 * Thrown by app code that finds its own structures in its memory corrupt (a checksum that does not match, a
 * header that makes no sense): unlike any other exception from a handler, this is not an app fault the kernel
 * can mend by restarting the app on the same memory (the new instance would find the same corruption). The
 * kernel lets it escape: its core traps, and the monitor recovers the sandbox as its policy says, judging the
 * memory with the app's {@link AppMemoryCheck} before keeping any of it.
 */
public final class AppMemoryCorruptedException extends RuntimeException {
    public AppMemoryCorruptedException(String message) {
        super(message);
    }
}
