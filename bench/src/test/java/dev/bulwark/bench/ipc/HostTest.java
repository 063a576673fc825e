package dev.bulwark.bench.ipc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostTest {
    @Test
    void theCpuIsCpuinfosFirstModelNameOrElseTheArchitecture(@TempDir Path dir) throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13 64-Core Processor\n"
                + "processor\t: 1\nmodel name\t: something else\n");
        assertEquals("AMD EPYC 7B13 64-Core Processor", Host.cpuModel(cpuinfo));
        Files.writeString(cpuinfo, "processor\t: 0\nCPU implementer\t: 0x41\n"); // an ARM cpuinfo has no model name
        assertEquals(System.getProperty("os.arch"), Host.cpuModel(cpuinfo));
        assertEquals(System.getProperty("os.arch"), Host.cpuModel(dir.resolve("missing")));
    }

    @Test
    void thisHostIsDescribed() {
        Host host = Host.current();
        assertEquals(Runtime.getRuntime().availableProcessors(), host.cpus());
        assertEquals(Runtime.version().toString(), host.jdk());
        assertTrue(!host.cpu().isBlank() && !host.jdkVendor().isBlank());
        assertTrue(host.clockReadNanos() > 0 && host.clockReadNanos() < 1_000_000, "a clock read: " + host.clockReadNanos());
    }
}
