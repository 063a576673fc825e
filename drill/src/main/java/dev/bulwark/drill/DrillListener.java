package dev.bulwark.drill;

/** What a running drill tells its caller (a progress bar, a test): each verdict as it is reached. */
public interface DrillListener {
    DrillListener NONE = new DrillListener() {
    };

    /** The drill has drawn its schedule: {@code total} injections over all variants. */
    default void started(int total) {
    }

    /** One more verdict. */
    default void judged(Injection injection) {
    }

    /** The chip was booted (again): the {@code chip}-th boot, for {@code variant}, and why. */
    default void booted(int chip, String variant, String why) {
    }
}
