package io.poolbook.gateway.cluster;

import io.aeron.driver.ThreadingMode;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.LogonSignature;
import io.poolbook.client.cluster.ClusterClientConfig;
import io.poolbook.client.cluster.ClusterCredentials;
import io.poolbook.gateway.node.EngineHostConfig;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Paths;
import java.security.KeyPair;

import static org.junit.jupiter.api.Assertions.*;

final class ClusterCommandTest
{
    @Test
    void helpListsEverySetting()
    {
        final StringWriter out = new StringWriter();
        final int exitCode = new CommandLine(new ClusterCommand()).setOut(new PrintWriter(out)).execute("--help");
        assertEquals(0, exitCode);
        for (final String option : new String[]{ "--member", "--members", "--dir", "--aeron-dir", "--threading-mode",
            "--term-length", "--archive-segment-length", "--idle", "--heartbeat-interval-ms", "--heartbeat-timeout-ms",
            "--election-timeout-ms", "--session-timeout-ms", "--engine-snapshot-interval-s", "--operator-key",
            "--operator-key-file", "--fsync", "--fsync-interval-ms" })
        {
            assertTrue(out.toString().contains(option), option + " in " + out);
        }
        assertTrue(out.toString().contains(ClusterMemberConfig.MEMBERS_PROP));
    }

    @Test
    void optionsBecomeAMemberConfig()
    {
        final ClusterCommand command = new ClusterCommand();
        new CommandLine(command).parseArgs("--member", "2", "--members", "10.0.0.1:9000,10.0.0.2:9000,10.0.0.3:9100",
            "--dir", "/tmp/m2", "--term-length", "128k", "--threading-mode", "dedicated", "--idle", "sleep");
        final ClusterMemberConfig config = command.toConfig().validate();
        assertEquals(2, config.memberId());
        assertEquals("10.0.0.3", config.host());
        assertEquals(Paths.get("/tmp/m2"), config.dir());
        assertEquals(128 * 1024, config.termLength());
        assertEquals(ThreadingMode.DEDICATED, config.threadingMode());
        assertEquals("10.0.0.3:9104", config.endpoint(ClusterMemberConfig.ARCHIVE_PORT_OFFSET));
        assertEquals(
            "0,10.0.0.1:9000,10.0.0.1:9001,10.0.0.1:9002,10.0.0.1:9003,10.0.0.1:9004|" +
            "1,10.0.0.2:9000,10.0.0.2:9001,10.0.0.2:9002,10.0.0.2:9003,10.0.0.2:9004|" +
            "2,10.0.0.3:9100,10.0.0.3:9101,10.0.0.3:9102,10.0.0.3:9103,10.0.0.3:9104",
            config.clusterMembers());
        assertEquals("0=10.0.0.1:9000,1=10.0.0.2:9000,2=10.0.0.3:9100",
            new ClusterClientConfig().members(config.members()).ingressEndpoints());
    }

    @Test
    void aMemberSharesTheNodesSettingsAndDefaultsOnlyTermLengthAndFsyncDifferently()
    {
        final ClusterMemberConfig member = new ClusterMemberConfig();
        final NodeConfig node = new NodeConfig();
        assertEquals(node.threadingMode(), member.threadingMode());
        assertEquals(node.idleMode(), member.idleMode());
        assertEquals(node.operatorKey(), member.operatorKey());
        assertEquals(node.journal().fsyncIntervalMs(), member.journal().fsyncIntervalMs());
        assertEquals(64 * 1024, member.termLength());
        assertEquals(1024 * 1024, node.termLength());
        assertEquals(FsyncPolicy.NONE, member.journal().fsyncPolicy());
        assertEquals(FsyncPolicy.ALWAYS, node.journal().fsyncPolicy());

        try
        {
            System.setProperty(EngineHostConfig.IDLE_PROP, "sleep");
            System.setProperty(JournalConfig.FSYNC_PROP, "interval_ms");
            final ClusterMemberConfig configured = new ClusterMemberConfig();
            assertEquals(IdleMode.SLEEP, configured.idleMode());
            assertEquals(FsyncPolicy.INTERVAL_MS, configured.journal().fsyncPolicy());
        }
        finally
        {
            System.clearProperty(EngineHostConfig.IDLE_PROP);
            System.clearProperty(JournalConfig.FSYNC_PROP);
        }
    }

    @Test
    void oldClusterNamesStillWorkWithAWarningAndNewNamesWin()
    {
        final String[] names = {
            "poolbook.cluster.snapshotIntervalS", ClusterMemberConfig.ENGINE_SNAPSHOT_INTERVAL_S_PROP,
            "poolbook.cluster.idle", EngineHostConfig.IDLE_PROP, "poolbook.cluster.fsync", JournalConfig.FSYNC_PROP };
        final PrintStream err = System.err;
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try
        {
            System.setErr(new PrintStream(warnings, true));
            System.setProperty("poolbook.cluster.snapshotIntervalS", "30");
            System.setProperty("poolbook.cluster.idle", "yield");
            System.setProperty(EngineHostConfig.IDLE_PROP, "sleep");
            System.setProperty("poolbook.cluster.fsync", "always");

            final ClusterMemberConfig config = new ClusterMemberConfig();
            assertEquals(30, config.engineSnapshotIntervalS());
            assertEquals(IdleMode.SLEEP, config.idleMode(), "the new name wins");
            assertEquals(FsyncPolicy.ALWAYS, config.journal().fsyncPolicy());

            final ClusterCommand command = new ClusterCommand();
            new CommandLine(command).parseArgs();
            assertEquals(30, command.toConfig().engineSnapshotIntervalS());
            assertEquals(FsyncPolicy.ALWAYS, command.toConfig().journal().fsyncPolicy());
        }
        finally
        {
            System.setErr(err);
            for (final String name : names)
            {
                System.clearProperty(name);
            }
        }
        final String text = warnings.toString();
        assertTrue(text.contains("poolbook.cluster.snapshotIntervalS is deprecated, use " +
            ClusterMemberConfig.ENGINE_SNAPSHOT_INTERVAL_S_PROP), text);
        assertTrue(text.contains("poolbook.cluster.idle is deprecated and ignored"), text);
    }

    @Test
    void theOldSnapshotFlagIsHiddenButStillWorks()
    {
        final StringWriter out = new StringWriter();
        new CommandLine(new ClusterCommand()).setOut(new PrintWriter(out)).execute("--help");
        assertFalse(out.toString().contains("--snapshot-interval-s"), out.toString());

        final ClusterCommand command = new ClusterCommand();
        new CommandLine(command).parseArgs("--snapshot-interval-s", "12", "--fsync", "interval_ms",
            "--fsync-interval-ms", "7");
        final ClusterMemberConfig config = command.toConfig().validate();
        assertEquals(12, config.engineSnapshotIntervalS());
        assertEquals(FsyncPolicy.INTERVAL_MS, config.journal().fsyncPolicy());
        assertEquals(7, config.journal().fsyncIntervalMs());
    }

    @Test
    void badSettingsAreRefused()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new ClusterMemberConfig().members("a:1,b:2").memberId(2).validate());
        assertThrows(IllegalArgumentException.class, () -> new ClusterMemberConfig().members("a").validate());
        assertThrows(IllegalArgumentException.class, () -> new ClusterMemberConfig().termLength(1000).validate());
        assertThrows(IllegalArgumentException.class,
            () -> new ClusterMemberConfig().heartbeatIntervalMs(600).heartbeatTimeoutMs(1000).validate());
    }

    @Test
    void credentialsCarryASignatureThePrincipalNamesTheAccount()
    {
        final KeyPair keys = Ed25519Keys.generate();
        final byte[] credentials = ClusterCredentials.encode(7, 12345L, keys.getPrivate(),
            ClusterCredentials.CANCEL_ON_DISCONNECT);
        assertTrue(ClusterCredentials.isCredentials(credentials));
        assertEquals(7, ClusterCredentials.accountId(credentials));
        assertEquals(12345L, ClusterCredentials.nonce(credentials));
        assertEquals(ClusterCredentials.CANCEL_ON_DISCONNECT, ClusterCredentials.credentialFlags(credentials));

        final ClusterKeys registry = new ClusterKeys(0, "");
        registry.register(7, Ed25519Keys.raw(keys.getPublic()));
        assertTrue(new LogonSignature().verify(registry.key(7), 7, 12345L,
            ClusterCredentials.signature(credentials)));
        assertTrue(registry.claimNonce(7, 12345L));
        assertFalse(registry.claimNonce(7, 12345L), "a nonce is single use");
        registry.onNonceUsed(7, 20_000L);
        assertFalse(registry.claimNonce(7, 19_999L), "a nonce seen in the log is used up too");

        final byte[] principal = ClusterCredentials.principal(-5, 1L, 0);
        assertEquals(-5, ClusterCredentials.principalAccountId(principal));
        assertEquals(-1, ClusterCredentials.principalAccountId(new byte[4]));
    }
}
