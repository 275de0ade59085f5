package io.poolbook.gateway.cluster;

import io.poolbook.client.ClientConfig;
import io.poolbook.client.ClientListener;
import io.poolbook.client.PoolbookClient;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.LogonSignature;
import io.poolbook.codecs.CommandAcceptedDecoder;
import io.poolbook.codecs.LogonResponseDecoder;
import io.poolbook.codecs.LogonStatus;
import io.poolbook.codecs.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The client library talks to a cluster through the same API as to a node, switched by one setting
 * ({@link ClientConfig#cluster}): logon is the cluster's authenticated connect, commands and reports are unchanged.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
final class ClusterClientSwitchTest
{
    @TempDir
    Path root;

    @Test
    void theSameClientApiTradesWithACluster()
    {
        try (ClusterHarness cluster = new ClusterHarness(root, 3))
        {
            cluster.startAll();
            cluster.awaitLeader(30_000);
            final ClientConfig config = ClientConfig.cluster(cluster.members, "127.0.0.1").connectTimeoutMs(10_000);

            final AtomicInteger accepted = new AtomicInteger();
            final RejectReason[] logonReason = new RejectReason[1];
            final ClientListener listener = new ClientListener()
            {
                public void onLogonResponse(final LogonResponseDecoder response)
                {
                    logonReason[0] = response.status() == LogonStatus.ACCEPTED ? RejectReason.NONE : response.reason();
                }

                public void onCommandAccepted(final CommandAcceptedDecoder event)
                {
                    accepted.incrementAndGet();
                }
            };

            try (PoolbookClient operator = PoolbookClient.connect(cluster.aeron, config, listener))
            {
                assertTrue(operator.logon(0, ClusterHarness.OPERATOR_KEYS.getPrivate(), false));
                assertTrue(operator.awaitLogon(1_000), "logged on: " + logonReason[0]);
                assertTrue(operator.addAsset(1, "WETH", 6, 18, new byte[20]));
                assertTrue(operator.addAsset(2, "USDC", 6, 6, new byte[20]));
                ClusterHarness.await("two admin commands acknowledged", 10_000, () ->
                {
                    operator.poll();
                    return accepted.get() >= 2;
                });
            }

            try (PoolbookClient signedElsewhere = PoolbookClient.connect(cluster.aeron, config, listener))
            {
                final long nonce = LogonSignature.nextNonce();
                final byte[] signature = LogonSignature.sign(ClusterHarness.OPERATOR_KEYS.getPrivate(), 0, nonce);
                assertTrue(signedElsewhere.logon(0, nonce, signature, false));
                assertTrue(signedElsewhere.awaitLogon(1_000), "signed elsewhere, logged on: " + logonReason[0]);
                assertEquals("", signedElsewhere.responseChannel(), "a cluster session names no response channel");
            }

            try (PoolbookClient impostor = PoolbookClient.connect(cluster.aeron, config, listener))
            {
                impostor.logon(0, Ed25519Keys.generate().getPrivate(), false);
                assertFalse(impostor.awaitLogon(1_000));
                assertEquals(RejectReason.BAD_SIGNATURE, impostor.logonReason());
            }
        }
    }
}
