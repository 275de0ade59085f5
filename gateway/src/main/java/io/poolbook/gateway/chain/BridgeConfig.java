package io.poolbook.gateway.chain;


import io.poolbook.client.ClientConfig;

import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * Settings of a {@link ChainBridge}: where the chain is (RPC URL, contract, operator's Ethereum key, confirmations,
 * gas), where the node is (data folder, read-only; Aeron directory and client settings for the operator session)
 * and how the bridge paces itself.
 */
public final class BridgeConfig
{
    private Path dataDir;
    private String rpcUrl;
    private byte[] contract;
    private EthKey operatorEthKey;
    private int confirmations = 2;
    private long startBlock;
    private TransactionSender.GasSettings gas = TransactionSender.GasSettings.auto();
    private String aeronDir;
    private ClientConfig client = ClientConfig.ipc();
    private int operatorAccountId;
    private PrivateKey operatorNodeKey;
    private long pollIntervalMs = 250;
    private long maxBackoffMs = 10_000;
    private long rpcTimeoutMs = 5_000;
    private long maxBlocksPerQuery = 2_000;
    private BridgeFaults faults = BridgeFaults.NONE;

    public Path dataDir()
    {
        return dataDir;
    }

    /** The node's data folder: its journal and settlement batches are read, {@code chain/} holds the cursors. */
    public BridgeConfig dataDir(final Path dataDir)
    {
        this.dataDir = dataDir;
        return this;
    }

    public String rpcUrl()
    {
        return rpcUrl;
    }

    /** JSON-RPC URL of the Ethereum node. */
    public BridgeConfig rpcUrl(final String rpcUrl)
    {
        this.rpcUrl = rpcUrl;
        return this;
    }

    public byte[] contract()
    {
        return contract;
    }

    /** Address of the deployed {@code PoolbookSettlement}. */
    public BridgeConfig contract(final byte[] contract)
    {
        this.contract = contract.clone();
        return this;
    }

    public EthKey operatorEthKey()
    {
        return operatorEthKey;
    }

    /** The contract's operator: signs {@code settleBatch}. */
    public BridgeConfig operatorEthKey(final EthKey operatorEthKey)
    {
        this.operatorEthKey = operatorEthKey;
        return this;
    }

    public int confirmations()
    {
        return confirmations;
    }

    /** Blocks a deposit must be under the head before it is credited (0: credit at once). */
    public BridgeConfig confirmations(final int confirmations)
    {
        this.confirmations = confirmations;
        return this;
    }

    public long startBlock()
    {
        return startBlock;
    }

    /** First block the deposit watcher reads when it has no cursor yet (the contract's deployment block). */
    public BridgeConfig startBlock(final long startBlock)
    {
        this.startBlock = startBlock;
        return this;
    }

    public TransactionSender.GasSettings gas()
    {
        return gas;
    }

    public BridgeConfig gas(final TransactionSender.GasSettings gas)
    {
        this.gas = gas;
        return this;
    }

    public String aeronDir()
    {
        return aeronDir;
    }

    /** Aeron directory of a media driver the node is reachable through (the node's own for IPC). */
    public BridgeConfig aeronDir(final String aeronDir)
    {
        this.aeronDir = aeronDir;
        return this;
    }

    public ClientConfig client()
    {
        return client;
    }

    /** How the operator session reaches the node's gateway. */
    public BridgeConfig client(final ClientConfig client)
    {
        this.client = client;
        return this;
    }

    public int operatorAccountId()
    {
        return operatorAccountId;
    }

    public BridgeConfig operatorAccountId(final int operatorAccountId)
    {
        this.operatorAccountId = operatorAccountId;
        return this;
    }

    public PrivateKey operatorNodeKey()
    {
        return operatorNodeKey;
    }

    /** The operator's Ed25519 key for the node's gateway (Deposit is an operator command). */
    public BridgeConfig operatorNodeKey(final PrivateKey operatorNodeKey)
    {
        this.operatorNodeKey = operatorNodeKey;
        return this;
    }

    public long pollIntervalMs()
    {
        return pollIntervalMs;
    }

    public BridgeConfig pollIntervalMs(final long pollIntervalMs)
    {
        this.pollIntervalMs = pollIntervalMs;
        return this;
    }

    public long maxBackoffMs()
    {
        return maxBackoffMs;
    }

    /** Longest wait between retries while the RPC is down or a transaction fails. */
    public BridgeConfig maxBackoffMs(final long maxBackoffMs)
    {
        this.maxBackoffMs = maxBackoffMs;
        return this;
    }

    public long rpcTimeoutMs()
    {
        return rpcTimeoutMs;
    }

    public BridgeConfig rpcTimeoutMs(final long rpcTimeoutMs)
    {
        this.rpcTimeoutMs = rpcTimeoutMs;
        return this;
    }

    public long maxBlocksPerQuery()
    {
        return maxBlocksPerQuery;
    }

    public BridgeConfig maxBlocksPerQuery(final long maxBlocksPerQuery)
    {
        this.maxBlocksPerQuery = maxBlocksPerQuery;
        return this;
    }

    public BridgeFaults faults()
    {
        return faults;
    }

    /** Fault injection for crash tests; {@link BridgeFaults#NONE} in production. */
    public BridgeConfig faults(final BridgeFaults faults)
    {
        this.faults = faults;
        return this;
    }

    /** @throws IllegalArgumentException naming the first missing or bad setting. */
    void validate()
    {
        if (null == dataDir)
        {
            throw new IllegalArgumentException("the node's data folder is not set");
        }
        if (null == rpcUrl || !(rpcUrl.startsWith("http://") || rpcUrl.startsWith("https://")))
        {
            throw new IllegalArgumentException("the RPC URL must be http:// or https://, not " + rpcUrl);
        }
        if (null == contract || contract.length != 20)
        {
            throw new IllegalArgumentException("the contract address must be 20 bytes");
        }
        if (null == operatorEthKey)
        {
            throw new IllegalArgumentException("the operator's Ethereum key is not set");
        }
        if (confirmations < 0)
        {
            throw new IllegalArgumentException("confirmations must be >= 0, not " + confirmations);
        }
    }
}
