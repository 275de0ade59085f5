package io.poolbook.gateway.testkit;

import io.aeron.Aeron;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.ClientListener;
import io.poolbook.client.PoolbookClient;
import io.poolbook.codecs.*;
import org.agrona.CloseHelper;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@link PoolbookClient} that records what it receives as short text lines ("Fill ...", "SessionReject ...") and
 * the facts tests check (order ids, fills, balances), with a bounded wait helper that polls.
 */
public final class TestClient implements ClientListener, AutoCloseable
{
    public final String name;
    public final int accountId;
    public final KeyPair keys;
    public final PoolbookClient client;
    public final List<String> received = new ArrayList<>();
    public final List<Long> orderIds = new ArrayList<>();
    public final List<RejectReason> sessionRejects = new ArrayList<>();
    public final List<RejectReason> commandRejects = new ArrayList<>();
    public final List<Long> cancelledOrderIds = new ArrayList<>();
    public final List<CancelReason> cancelReasons = new ArrayList<>();
    public long filledQuantity;
    public long fills;
    public long accepted;
    public long swapOut;
    public long responses;
    public boolean pollPaused;

    public TestClient(final String name, final Aeron aeron, final ClientConfig config, final int accountId, final KeyPair keys)
    {
        this.name = name;
        this.accountId = accountId;
        this.keys = keys;
        this.client = PoolbookClient.connect(aeron, config, this);
    }

    public TestClient logon(final boolean cancelOnDisconnect)
    {
        try
        {
            logOn(client, name, accountId, keys, cancelOnDisconnect);
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + " " + received, ex);
        }
        return this;
    }

    /**
     * Connects a client that reports to a listener of the test's and logs it on.
     *
     * @return the logged-on client.
     * @throws AssertionError if the logon cannot be sent or is not accepted within 10 s; the client is closed.
     */
    public static PoolbookClient logOn(
        final Aeron aeron, final ClientConfig config, final ClientListener listener, final int accountId,
        final KeyPair keys)
    {
        final PoolbookClient client = PoolbookClient.connect(aeron, config, listener);
        try
        {
            logOn(client, "account " + accountId, accountId, keys, false);
        }
        catch (final AssertionError ex)
        {
            client.closeWithoutLogout();
            throw ex;
        }
        return client;
    }

    private static void logOn(
        final PoolbookClient client,
        final String name,
        final int accountId,
        final KeyPair keys,
        final boolean cancelOnDisconnect)
    {
        if (!client.logon(accountId, keys.getPrivate(), cancelOnDisconnect))
        {
            throw new AssertionError(name + " logon not sent: back-pressured");
        }
        if (!client.awaitLogon(10_000))
        {
            throw new AssertionError(name + " logon failed: " + client.logonReason());
        }
    }

    public int poll()
    {
        return pollPaused ? 0 : client.poll();
    }

    /** Polls every client until the condition holds; fails after the timeout. */
    public static void await(final String what, final BooleanSupplier condition, final TestClient... clients)
    {
        await(what, 10_000, condition, clients);
    }

    public static void await(final String what, final long timeoutMs, final BooleanSupplier condition, final TestClient... clients)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                final StringBuilder state = new StringBuilder();
                for (final TestClient client : clients)
                {
                    state.append("\n  ").append(client.name).append(": ").append(client.received);
                }
                throw new AssertionError("timed out waiting for " + what + state);
            }
            int work = 0;
            for (final TestClient client : clients)
            {
                work += client.poll();
            }
            if (0 == work)
            {
                sleep(1);
            }
        }
    }

    /** Polls for a while, for things that must not happen. */
    public static void pollFor(final long ms, final TestClient... clients)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < deadline)
        {
            int work = 0;
            for (final TestClient client : clients)
            {
                work += client.poll();
            }
            if (0 == work)
            {
                sleep(1);
            }
        }
    }

    public static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private void record(final String line)
    {
        responses++;
        received.add(line);
    }

    public void onLogonResponse(final LogonResponseDecoder response)
    {
        record("LogonResponse " + response.status() + " " + response.reason());
    }

    public void onSessionReject(final SessionRejectDecoder reject)
    {
        sessionRejects.add(reject.reason());
        record("SessionReject " + reject.reason() + " template " + reject.refTemplateId() + " client " +
            reject.clientId());
    }

    public void onLogout(final LogoutDecoder logout)
    {
        record("Logout " + logout.reason());
    }

    public void onOrderAccepted(final OrderAcceptedDecoder event)
    {
        orderIds.add(event.orderId());
        record("OrderAccepted " + event.orderId() + " " + event.side() + " " + event.quantity() + "@" + event.price());
    }

    public void onCommandRejected(final CommandRejectedDecoder event)
    {
        commandRejects.add(event.reason());
        record("CommandRejected " + event.refTemplateId() + " " + event.reason());
    }

    public void onFill(final FillDecoder event)
    {
        fills++;
        filledQuantity += event.quantity();
        record("Fill " + event.side() + " " + event.quantity() + "@" + event.price() + " " + event.liquidity());
    }

    public void onOrderCancelled(final OrderCancelledDecoder event)
    {
        cancelledOrderIds.add(event.orderId());
        cancelReasons.add(event.reason());
        record("OrderCancelled " + event.orderId() + " " + event.reason());
    }

    public void onSwapDone(final SwapDoneDecoder event)
    {
        swapOut += event.amountOut();
        record("SwapDone " + event.amountIn() + " -> " + event.amountOut());
    }

    public void onBalanceChanged(final BalanceChangedDecoder event)
    {
        record("BalanceChanged " + event.assetId() + " " + event.available() + "/" + event.locked());
    }

    public void onCommandAccepted(final CommandAcceptedDecoder event)
    {
        accepted++;
        record("CommandAccepted " + event.refTemplateId() + " " + event.clientId());
    }

    public void onAccountRegistered(final AccountRegisteredDecoder event)
    {
        record("AccountRegistered " + event.accountId());
    }

    public void onLiquidityAdded(final LiquidityAddedDecoder event)
    {
        record("LiquidityAdded " + event.baseAmount() + "/" + event.quoteAmount() + " shares " + event.shares());
    }

    public void close()
    {
        CloseHelper.quietClose(client);
    }
}
