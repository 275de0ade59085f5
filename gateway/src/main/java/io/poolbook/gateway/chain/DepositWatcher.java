package io.poolbook.gateway.chain;

import io.poolbook.replay.settlement.Hex;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Credits the contract's {@code Deposited} events in the engine, exactly once. Each poll reads the logs of the
 * blocks that are {@code confirmations} deep and not read yet, and sends one Deposit per log whose chain reference
 * ({@code keccak256(txHash ++ uint256(logIndex))}) the journal does not hold yet. The cursor (next block, and the
 * hash of the last block read) moves only after the range is done, so a kill re-reads the range and the journal
 * check skips what was already sent. A reorg that replaced a block already read (deeper than the depth) is
 * reported and stops crediting: what was credited stands, and an operator must decide.
 */
final class DepositWatcher
{
    private final BridgeConfig config;
    private final EthRpc rpc;
    private final JournalIndex journal;
    private final OperatorSession session;
    private final CursorFile cursor;
    private final Consumer<String> log;
    private long nextBlock;
    private long lastBlock = -1;
    private byte[] lastBlockHash;
    private volatile String reorg;
    private volatile long credited;
    private volatile long skipped;

    DepositWatcher(final BridgeConfig config, final EthRpc rpc, final JournalIndex journal,
        final OperatorSession session, final Consumer<String> log)
    {
        this.config = config;
        this.rpc = rpc;
        this.journal = journal;
        this.session = session;
        this.log = log;
        this.cursor = new CursorFile(config.dataDir().resolve("chain").resolve("deposits.cursor"));
        final Properties stored = cursor.read();
        nextBlock = Long.parseLong(stored.getProperty("nextBlock", Long.toString(config.startBlock())));
        lastBlock = Long.parseLong(stored.getProperty("lastBlock", "-1"));
        lastBlockHash = stored.containsKey("lastBlockHash") ? Hex.fromHex(stored.getProperty("lastBlockHash")) : null;
    }

    /** @return the reorg reported, or null. */
    String reorg()
    {
        return reorg;
    }

    long credited()
    {
        return credited;
    }

    long skipped()
    {
        return skipped;
    }

    long nextBlock()
    {
        return nextBlock;
    }

    /** @return true if it did some work. */
    boolean poll()
    {
        session.poll();
        if (null != reorg)
        {
            return false;
        }
        journal.refresh();
        if (lastBlock >= 0)
        {
            final Map<String, Object> block = rpc.block(EthRpc.hex(lastBlock));
            final byte[] hash = null == block ? null : Hex.fromHex(Json.text(block, "hash"));
            if (!Arrays.equals(hash, lastBlockHash))
            {
                reorg = "block " + lastBlock + " was " + Hex.toHex(lastBlockHash) + " when its deposits were read, " +
                    "now " + (null == hash ? "missing" : Hex.toHex(hash)) + ": a reorg deeper than " +
                    config.confirmations() + " confirmations. Deposits already credited stand; crediting stops " +
                    "until an operator resolves it (delete chain/deposits.cursor to re-read from block 0: the " +
                    "journal still prevents double credits)";
                log.accept("bridge: REORG " + reorg);
                return false;
            }
        }
        final long safe = rpc.blockNumber() - config.confirmations();
        if (safe < nextBlock)
        {
            return false;
        }
        final long to = Math.min(safe, nextBlock + config.maxBlocksPerQuery() - 1);
        final List<Object> logs = rpc.logs(config.contract(), SettlementContract.DEPOSITED_TOPIC, nextBlock, to);
        for (final Object entry : logs)
        {
            final SettlementContract.DepositLog deposit = SettlementContract.depositLog(Json.object(entry, "log"));
            if (journal.isCredited(deposit.chainReference()))
            {
                continue;
            }
            credit(deposit);
        }
        session.release();
        final Map<String, Object> last = rpc.block(EthRpc.hex(to));
        final Properties next = new Properties();
        next.setProperty("nextBlock", Long.toString(to + 1));
        next.setProperty("lastBlock", Long.toString(to));
        next.setProperty("lastBlockHash", Json.text(last, "hash"));
        cursor.write(next, "deposit watcher: blocks below nextBlock are credited; lastBlockHash detects reorgs");
        nextBlock = to + 1;
        lastBlock = to;
        lastBlockHash = Hex.fromHex(Json.text(last, "hash"));
        return !logs.isEmpty();
    }

    private void credit(final SettlementContract.DepositLog deposit)
    {
        final String what = "deposit " + deposit.depositId() + " (tx " + Hex.toHex(deposit.transactionHash()) +
            " log " + deposit.logIndex() + ", block " + deposit.blockNumber() + ") of " + deposit.amount() + " of " +
            Hex.toHex(deposit.token()) + " by " + Hex.toHex(deposit.account());
        final Integer accountId = journal.accountId(deposit.account());
        final JournalIndex.Asset asset = journal.asset(deposit.token());
        if (null == accountId || null == asset)
        {
            skipped++;
            journal.markCredited(deposit.chainReference());
            log.accept("bridge: NOT CREDITED " + what + ": " + (null == accountId ? "no account is registered " +
                "with that address" : "no asset has that token address") + "; the tokens stay in its settled " +
                "balance on chain, credit it by hand");
            return;
        }
        final BigInteger[] split = deposit.amount()
            .divideAndRemainder(BigInteger.TEN.pow(asset.chainDecimals() - asset.engineScale()));
        if (split[1].signum() != 0 || split[0].bitLength() > 63 || split[0].signum() == 0)
        {
            skipped++;
            journal.markCredited(deposit.chainReference());
            log.accept("bridge: NOT CREDITED " + what + ": not a whole number of engine units (scale " +
                asset.engineScale() + ", " + asset.chainDecimals() + " decimals) within 64 bits; credit it by hand");
            return;
        }
        final String rejected = session.deposit(accountId, asset.assetId(), split[0].longValueExact(),
            deposit.chainReference());
        config.faults().afterDepositSent(deposit.depositId().longValue());
        journal.markCredited(deposit.chainReference());
        if (null == rejected)
        {
            credited++;
            log.accept("bridge: credited " + what + " to account " + accountId + " asset " + asset.assetId() +
                ": " + split[0] + " engine units");
        }
        else
        {
            skipped++;
            log.accept("bridge: the engine REJECTED " + what + ": " + rejected);
        }
    }
}
