package dev.bulwark.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command's side of {@link Interruption}; SignalsTest covers the shutdown hook in a real JVM. */
class InterruptionTest {
    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aRequestInterruptsTheCommandsThreadUntilItReports() {
        try (Interruption interruption = Interruption.install()) {
            interruption.request(Interruption.Cause.OUTPUT_CLOSED);
            assertTrue(Thread.interrupted());
            interruption.request(Interruption.Cause.SIGNAL);
            assertEquals(Interruption.Cause.OUTPUT_CLOSED, interruption.cause(), "the first request wins");

            interruption.reporting();
            assertFalse(Thread.currentThread().isInterrupted(), "reporting clears a pending interrupt");
            interruption.request(Interruption.Cause.SIGNAL);
            assertFalse(Thread.currentThread().isInterrupted(), "no interrupt lands while the command reports");
        }
    }

    @Test
    void noRequestInterruptsTheThreadOnceTheCommandHasFinished() {
        Interruption interruption = Interruption.install();
        interruption.close();
        interruption.request(Interruption.Cause.OUTPUT_CLOSED);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void theExitCodeIsTheCommandsOwnUnlessSomethingStoppedIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(CommandSpec.create().name("bulwark"));
        cli.setErr(new PrintWriter(err, true));
        try (Interruption interruption = Interruption.install()) {
            assertNull(interruption.cause());
            assertEquals(ExitCodes.FAILED, interruption.exitCode(ExitCodes.FAILED, cli.getCommandSpec()));
            assertEquals("", err.toString());

            interruption.request(Interruption.Cause.OUTPUT_CLOSED);
            interruption.reporting();
            assertEquals(141, interruption.exitCode(ExitCodes.OK, cli.getCommandSpec()));
            assertEquals("bulwark: stopped: standard output was closed", err.toString().strip());
        }
    }
}
