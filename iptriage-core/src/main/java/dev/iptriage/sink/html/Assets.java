package dev.iptriage.sink.html;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripts and styles a report inlines: Leaflet and Leaflet.markercluster from their WebJars, and
 * the report's own script and style. Read from the classpath, so a report needs no network.
 */
final class Assets {
    // the versions come from the WebJars themselves, so the root pom alone decides them
    static final String LEAFLET = webjar("org.webjars.npm", "leaflet") + "dist/";
    static final String CLUSTER = webjar("org.webjars", "leaflet-markercluster");
    static final String OWN = "dev/iptriage/sink/html/";
    private static final Pattern CSS_IMAGE = Pattern.compile("url\\((images/[a-z0-9-]+\\.png)\\)");

    private Assets() {}

    /** The resource folder of a WebJar on the classpath, found through its Maven properties. */
    private static String webjar(String group, String artifact) {
        Properties p = new Properties();
        try (InputStream in =
                new ByteArrayInputStream(bytes("META-INF/maven/" + group + "/" + artifact + "/pom.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("WebJar " + group + ":" + artifact + " is not on the classpath", e);
        }
        return "META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version") + "/";
    }

    /** A classpath resource as text; a missing one is a packaging bug. */
    static String text(String resource) throws IOException {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String resource) throws IOException {
        // this module's own resources first (a named module's packages are closed to its class
        // loader's lookups), then the class path's and other modules' (the WebJars' META-INF)
        InputStream own = Assets.class.getResourceAsStream("/" + resource);
        try (InputStream in = own != null ? own : Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource missing from the classpath: " + resource);
            }
            return in.readAllBytes();
        }
    }

    /**
     * Leaflet's style sheet with its images inlined as {@code data:} URLs: a relative {@code url()}
     * would make the browser fetch a file next to the report.
     */
    static String leafletCss() throws IOException {
        String css = text(LEAFLET + "leaflet.css");
        Matcher m = CSS_IMAGE.matcher(css);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String data = Base64.getEncoder().encodeToString(bytes(LEAFLET + m.group(1)));
            m.appendReplacement(b, Matcher.quoteReplacement("url(data:image/png;base64," + data + ")"));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The CSP source expression that allows exactly this inline script. */
    static String cspHash(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
