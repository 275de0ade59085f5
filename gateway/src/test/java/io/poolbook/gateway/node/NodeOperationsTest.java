package io.poolbook.gateway.node;

import io.poolbook.gateway.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A metrics port that is taken stops the node's start with a clear message, and nothing is left running. */
@Timeout(60)
final class NodeOperationsTest
{
    @TempDir
    Path root;

    @Test
    void aTakenMetricsPortIsAFailureToStart() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Cli cli = Cli.run(List.of("node"), "--data-dir", root.resolve("data").toString(), "--aeron-dir",
                root.resolve("aeron").toString(), "--ingress-channel=", "--market-data-channel=", "--term-length",
                "64k", "--metrics-bind", "127.0.0.1", "--metrics-port", Integer.toString(taken.getLocalPort()));
            assertEquals(ExitCode.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()), cli.toString());
            assertTrue(cli.out.contains("node stopped"), "the node that had started is closed again: " + cli);
        }
        assertEquals(ExitCode.USAGE, Cli.run(List.of("node"), "--metrics-port", "70000").exitCode);
    }
}
