package dev.bulwark.drill.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Chart.js's UMD bundle, read from its WebJar ({@code org.webjars.npm:chart.js}) on the class path, for the HTML
 * report to inline. The WebJar's own {@code pom.properties} says which version it holds, and so where the
 * bundle lies; nothing here names a version.
 *
 * <h2>Why the class loader</h2>
 * The WebJar is a plain jar: on the module path of drill's tests it is an automatic module, on the class path of
 * the shaded {@code bulwark.jar} it is part of the unnamed module. Its files live under {@code META-INF/}, which
 * is no package, so no module encapsulates them, and {@link ClassLoader#getResourceAsStream} finds them in either
 * case (where {@code Class.getResourceAsStream} would search drill's module first). drill does not
 * {@code requires} it: it is a runtime dependency, and nothing compiles against it.
 */
final class ChartJs {
    static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private ChartJs() {
    }

    /** The bundle's version, from the WebJar's {@code pom.properties}: {@code 4.5.1}. */
    static String version() {
        Properties pom = new Properties();
        try (InputStream in = open(POM_PROPERTIES)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = pom.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(POM_PROPERTIES + " names no version");
        }
        return version;
    }

    /** Where the bundle lies on the class path. */
    static String resource() {
        return "META-INF/resources/webjars/chart.js/" + version() + "/dist/chart.umd.js";
    }

    /** The bundle's text, as the WebJar holds it. */
    static String script() {
        try (InputStream in = open(resource())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        ClassLoader loader = ChartJs.class.getClassLoader();
        InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(name) : loader.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Chart.js is not on the class path (no " + name
                    + "): the HTML report needs org.webjars.npm:chart.js at run time");
        }
        return in;
    }
}
