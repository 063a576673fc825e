package dev.bulwark.apps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiler's side of the module rules: javac compiles a source file as part of module
 * {@code dev.bulwark.apps}, against the very module path these tests run on, the way Maven compiles an app.
 * An app that names the App API compiles; one that names the admin side of a channel, the kernel or a core
 * does not, and javac says which module keeps the package from it.
 */
class AppCompileRulesTest {
    @TempDir
    Path dir;

    @Test
    void appCodeUsingTheAppApiCompiles() throws IOException {
        Compilation c = compile("""
                import dev.bulwark.hw.memory.MemoryWindow;
                import dev.bulwark.ipc.Claim;
                import dev.bulwark.ipc.Sender;
                import dev.bulwark.sandbox.app.AppContext;

                class Probe {
                    void use(AppContext ctx) {
                        Sender to = ctx.channelTo("b");
                        Claim claim = to.claim(1);
                        MemoryWindow memory = ctx.memory();
                        memory.putLong(0, claim == null ? 0 : 1);
                    }
                }
                """);
        assertEquals(0, c.status(), c.output());
    }

    @Test
    void appCodeNamingTheAdminSideTheKernelOrACoreDoesNotCompile() throws IOException {
        List<String> refused = List.of(
                "dev.bulwark.ipc.channel.Channel",
                "dev.bulwark.ipc.channel.OutPort",
                "dev.bulwark.ipc.channel.InPort",
                "dev.bulwark.hw.core.Lease",
                "dev.bulwark.sandbox.kernel.Kernel",
                "dev.bulwark.hw.core.Core");
        StringBuilder source = new StringBuilder();
        for (String type : refused) {
            source.append("import ").append(type).append(";\n");
        }
        source.append("class Probe {}\n");
        Compilation c = compile(source.toString());
        assertNotEquals(0, c.status(), c.output());
        for (String type : refused) {
            String pkg = type.substring(0, type.lastIndexOf('.'));
            String module = pkg.startsWith("dev.bulwark.hw.") ? "dev.bulwark.hw"
                    : pkg.startsWith("dev.bulwark.ipc") ? "dev.bulwark.ipc" : "dev.bulwark.sandboxes";
            assertTrue(c.output().contains("package " + pkg + " is declared in module " + module
                    + ", which does not export it to module dev.bulwark.apps"), type + " was not refused:\n" + c.output());
        }
    }

    @Test
    void aSenderCannotBeCastToItsOutPortToReachTheChannel() throws IOException {
        Compilation c = compile("""
                class Probe {
                    Object channel(dev.bulwark.ipc.Sender sender) {
                        return ((dev.bulwark.ipc.channel.OutPort) sender).channel();
                    }
                }
                """);
        assertNotEquals(0, c.status(), c.output());
        assertTrue(c.output().contains("does not export it to module dev.bulwark.apps"), c.output());
    }

    private record Compilation(int status, String output) {
    }

    /** Compiles {@code body} as {@code dev/bulwark/apps/Probe.java}, a member of module dev.bulwark.apps. */
    private Compilation compile(String body) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path file = Files.createDirectories(sources.resolve("dev/bulwark/apps")).resolve("Probe.java");
        Files.writeString(file, "package dev.bulwark.apps;\n\n" + body);
        String modulePath = System.getProperty("jdk.module.path");
        assertTrue(modulePath != null && !modulePath.isEmpty(), "the tests must run on the module path");
        StringWriter output = new StringWriter();
        try (PrintWriter out = new PrintWriter(output)) {
            int status = ToolProvider.findFirst("javac").orElseThrow().run(out, out,
                    "--module-path", modulePath,
                    "--patch-module", "dev.bulwark.apps=" + sources,
                    "-d", dir.resolve("out").toString(),
                    "-Xlint:-module", "-implicit:none", "-proc:none",
                    file.toString());
            out.flush();
            return new Compilation(status, output.toString());
        }
    }
}
