package io.poolbook.client;

import io.poolbook.codecs.CommandWriter;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Builds a project that depends on poolbook-client alone ({@code src/it/external-client}), as a market maker's would,
 * against the jars and poms this build just made, and checks that nothing of the node comes with it. The Poolbook
 * artifacts go into a throw-away local repository under {@code target/}; third-party artifacts come from the
 * build's own local repository, read as a file repository (so no network when it holds them, and the shared one is
 * never written), then from Maven Central. Runs after {@code package}, in the {@code integration-test} phase (its tag
 * keeps it out of the {@code test} phase, even when {@code -Dtest} names it).
 */
@Tag(ExternalClientIT.TAG)
final class ExternalClientIT
{
    static final String TAG = "external-client";

    /** What a client must not pull in: the node's modules and the libraries only the node uses. */
    private static final List<String> NODE_ONLY = List.of(
        "io.poolbook:poolbook-gateway:",
        "io.poolbook:poolbook-engine:",
        "io.poolbook:poolbook-replay:",
        "io.poolbook:poolbook-orderbook:",
        "io.poolbook:poolbook-amm:",
        "io.aeron:aeron-driver:",
        "io.aeron:aeron-archive:",
        "io.aeron:aeron-cluster:",
        "com.lmax:disruptor:",
        "info.picocli:",
        "com.fasterxml.jackson",
        "org.bouncycastle:",
        "io.netty:",
        "io.prometheus:",
        "org.web3j:",
        "org.hdrhistogram:");

    /** What a client needs, and so must find. */
    private static final List<String> CLIENT = List.of(
        "io.poolbook:poolbook-client:jar:",
        "io.poolbook:poolbook-codecs:jar:",
        "io.aeron:aeron-client:jar:",
        "org.agrona:agrona:jar:");

    private static final long TIMEOUT_MINUTES = 5;

    private final String version = property("poolbook.version");
    private final Path workDir = Path.of(property("poolbook.it.dir"));

    @Test
    void aProjectDependingOnPoolbookClientBuildsWithoutAnythingOfTheNode() throws Exception
    {
        final Path repository = workDir.resolve("repository");
        final Path project = workDir.resolve("project");
        IoUtil.delete(workDir.toFile(), true);
        copyTree(Path.of(property("poolbook.it.project")), project);

        installPom(repository, "poolbook-parent", Path.of(property("poolbook.parent.pom")));
        install(repository, "poolbook-client", Path.of(property("poolbook.client.jar")),
            Path.of(property("poolbook.client.pom")));
        final Path codecsJar = codeSourceOf(CommandWriter.class);
        install(repository, "poolbook-codecs", codecsJar, pomOf(codecsJar));

        final Path settings = writeSettings(repository, Path.of(property("poolbook.local.repository")));
        final Path tree = workDir.resolve("dependency-tree.txt");
        final Path log = workDir.resolve("build.log");
        final List<String> command = List.of(
            mavenExecutable(), "-B", "-ntp", "-s", settings.toString(), "-f", project.resolve("pom.xml").toString(),
            "-Dpoolbook.version=" + version,
            "-Dcompiler-plugin.version=" + property("compiler-plugin.version"),
            "-Dresources-plugin.version=" + property("resources-plugin.version"),
            "-Ddependency-plugin.version=" + property("dependency-plugin.version"),
            "compile",
            "org.apache.maven.plugins:maven-dependency-plugin:" + property("dependency-plugin.version") + ":tree",
            "-DoutputFile=" + tree);
        final Process build = new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        if (!build.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES))
        {
            build.destroyForcibly();
            fail("the external client's build took over " + TIMEOUT_MINUTES + " minutes; see " + log);
        }
        assertEquals(0, build.exitValue(), () -> "the external client does not build:\n" + tail(log));
        assertTrue(Files.isRegularFile(project.resolve("target/classes/example/MarketMaker.class")));

        final String dependencies = Files.readString(tree, StandardCharsets.UTF_8);
        for (final String needed : CLIENT)
        {
            assertTrue(dependencies.contains(needed), () -> "no " + needed + " in\n" + dependencies);
        }
        assertEquals(List.of(), nodeOnly(dependencies), () -> "poolbook-client brings the node's dependencies:\n" +
            dependencies);
    }

    @Test
    void theCheckFindsANodeDependency()
    {
        final String tree = "example:market-maker:jar:1\n" +
            "\\- io.poolbook:poolbook-client:jar:" + version + ":compile\n" +
            "   +- io.poolbook:poolbook-codecs:jar:" + version + ":compile\n" +
            "   +- info.picocli:picocli:jar:4.7.7:compile\n" +
            "   \\- io.aeron:aeron-client:jar:1.51.0:compile\n";
        assertEquals(List.of("   +- info.picocli:picocli:jar:4.7.7:compile"), nodeOnly(tree));
        assertEquals(List.of(), nodeOnly(tree.replace("info.picocli:picocli", "org.agrona:agrona")));
    }

    /** The lines of a dependency tree that name something only the node uses. */
    private static List<String> nodeOnly(final String tree)
    {
        final List<String> found = new ArrayList<>();
        for (final String line : tree.split("\n"))
        {
            for (final String nodeOnly : NODE_ONLY)
            {
                if (line.contains(nodeOnly))
                {
                    found.add(line);
                    break;
                }
            }
        }
        return found;
    }

    private Path writeSettings(final Path repository, final Path localRepository) throws IOException
    {
        final String cache = localRepository.toUri().toString();
        final String repositoryEntry =
            "<id>build-cache</id><url>" + cache + "</url>" +
            "<releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>";
        final String settings = "<settings>\n" +
            "  <localRepository>" + repository + "</localRepository>\n" +
            "  <profiles><profile><id>build-cache</id>\n" +
            "    <repositories><repository>" + repositoryEntry + "</repository></repositories>\n" +
            "    <pluginRepositories><pluginRepository>" + repositoryEntry + "</pluginRepository></pluginRepositories>\n" +
            "  </profile></profiles>\n" +
            "  <activeProfiles><activeProfile>build-cache</activeProfile></activeProfiles>\n" +
            "</settings>\n";
        return Files.writeString(workDir.resolve("settings.xml"), settings, StandardCharsets.UTF_8);
    }

    private void install(final Path repository, final String artifactId, final Path jar, final Path pom)
        throws IOException
    {
        assertTrue(Files.isRegularFile(jar), () -> jar + " is not a jar: package " + artifactId + " first");
        Files.copy(jar, installPom(repository, artifactId, pom).resolveSibling(artifactId + "-" + version + ".jar"),
            StandardCopyOption.REPLACE_EXISTING);
    }

    /** Lays a pom out as a local repository holds one installed there; returns where it went. */
    private Path installPom(final Path repository, final String artifactId, final Path pom) throws IOException
    {
        final Path target = repository.resolve("io/poolbook").resolve(artifactId).resolve(version)
            .resolve(artifactId + "-" + version + ".pom");
        Files.createDirectories(target.getParent());
        return Files.copy(pom, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path codeSourceOf(final Class<?> type) throws URISyntaxException
    {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A module's jar in its {@code target/} has its pom two levels up; a jar in a repository has one beside it. */
    private static Path pomOf(final Path jar)
    {
        final String name = jar.getFileName().toString();
        final Path beside = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".pom");
        return Files.isRegularFile(beside) ? beside : jar.getParent().resolveSibling("pom.xml");
    }

    private static String mavenExecutable()
    {
        final boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return Path.of(property("maven.home"), "bin", windows ? "mvn.cmd" : "mvn").toString();
    }

    private static String property(final String name)
    {
        final String value = System.getProperty(name);
        assertNotNull(value, () -> "system property " + name + " is not set: run this through Maven (verify)");
        return value;
    }

    private static String tail(final Path log)
    {
        try
        {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(" + log + " unreadable: " + ex + ")";
        }
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
