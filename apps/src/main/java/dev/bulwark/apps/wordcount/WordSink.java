package dev.bulwark.apps.wordcount;

/** Where a {@link WordScanner} puts the words it finds. */
@FunctionalInterface
public interface WordSink {
    /**
     * One word: the first {@code length} bytes of {@code letters}, lowercase. The array is the scanner's
     * own and is overwritten after the call returns: copy what you keep.
     */
    void word(byte[] letters, int length);
}
