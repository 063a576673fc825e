package dev.bulwark.bench.transport;

/** The exceptions a side throws when a transport delivered something other than what was sent. */
final class Mismatch {
    private Mismatch() {
    }

    /** A round trip's answer was not the message just sent. */
    static IllegalStateException answer(String transport, long sent, long answer) {
        return new IllegalStateException(transport + ": the answer to message " + sent + " was message " + answer);
    }

    /** A one-way consumer received a message out of order. */
    static IllegalStateException order(String transport, long expected, long got) {
        return new IllegalStateException(transport + ": expected message " + expected + ", received " + got);
    }
}
