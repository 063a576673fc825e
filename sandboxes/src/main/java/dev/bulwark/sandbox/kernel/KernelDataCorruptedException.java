package dev.bulwark.sandbox.kernel;

/** The kernel's scrub found its own data corrupted: the kernel cannot trust itself and stops. */
public final class KernelDataCorruptedException extends RuntimeException {
    public KernelDataCorruptedException(String message) {
        super(message);
    }
}
