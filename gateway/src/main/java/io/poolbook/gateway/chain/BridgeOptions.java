package io.poolbook.gateway.chain;

import io.poolbook.client.ClientConfig;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.gateway.node.Node;
import io.poolbook.replay.settlement.Hex;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.function.Consumer;

/**
 * The chain bridge's options of {@code poolbook node} (a picocli mixin): without {@code --chain-rpc} the node runs
 * without a bridge. Each option defaults to its {@code poolbook.chain.*} system property. {@link #resolve()} checks
 * them and reads the key files before the node starts; {@link #start} starts the bridge beside the running node.
 */
public final class BridgeOptions
{
    static final String PREFIX = "poolbook.chain.";

    @Option(names = "--chain-rpc", paramLabel = "URL", defaultValue = "${sys:" + PREFIX + "rpc:-}",
        description = "JSON-RPC URL of the Ethereum node; set it to run the chain bridge (deposit watcher and batch " +
            "submitter) beside the node [" + PREFIX + "rpc].")
    String rpcUrl;

    @Option(names = "--chain-contract", paramLabel = "ADDRESS", defaultValue = "${sys:" + PREFIX + "contract:-}",
        description = "Address of the deployed PoolbookSettlement contract [" + PREFIX + "contract].")
    String contract;

    @Option(names = "--chain-key-file", paramLabel = "FILE", defaultValue = "${sys:" + PREFIX + "keyFile:-}",
        description = "File holding the contract operator's secp256k1 private key (64 hex digits); signs settleBatch " +
            "[" + PREFIX + "keyFile].")
    String keyFile;

    @Option(names = "--chain-operator-key-file", paramLabel = "FILE",
        defaultValue = "${sys:" + PREFIX + "operatorKeyFile:-}",
        description = "File holding the node operator's Ed25519 private key (64 hex digits, the pair of " +
            "--operator-key); the bridge logs on with it to send Deposit commands [" + PREFIX + "operatorKeyFile].")
    String operatorKeyFile;

    @Option(names = "--chain-confirmations", paramLabel = "BLOCKS", defaultValue = "${sys:" + PREFIX +
        "confirmations:-2}",
        description = "Blocks a deposit must be under the chain head before it is credited [" + PREFIX +
            "confirmations] (default: ${DEFAULT-VALUE}).")
    int confirmations;

    @Option(names = "--chain-start-block", paramLabel = "N", defaultValue = "${sys:" + PREFIX + "startBlock:-0}",
        description = "First block to read deposits from on a first start (the contract's deployment block); later " +
            "starts continue from data/chain/deposits.cursor [" + PREFIX + "startBlock] (default: ${DEFAULT-VALUE}).")
    long startBlock;

    @Option(names = "--chain-gas-limit", paramLabel = "GAS", defaultValue = "${sys:" + PREFIX + "gasLimit:-0}",
        description = "Gas limit of each settleBatch; 0 for the node's estimate plus 25 %% [" + PREFIX +
            "gasLimit] (default: ${DEFAULT-VALUE}).")
    long gasLimit;

    @Option(names = "--chain-max-fee-gwei", paramLabel = "GWEI", defaultValue = "${sys:" + PREFIX + "maxFeeGwei:-}",
        description = "Max fee per gas; empty for twice the latest base fee plus the priority fee [" + PREFIX +
            "maxFeeGwei].")
    String maxFeeGwei;

    @Option(names = "--chain-priority-fee-gwei", paramLabel = "GWEI",
        defaultValue = "${sys:" + PREFIX + "priorityFeeGwei:-}",
        description = "Max priority fee per gas; empty for the node's suggestion [" + PREFIX + "priorityFeeGwei].")
    String priorityFeeGwei;

    @Option(names = "--chain-poll-ms", paramLabel = "MS", defaultValue = "${sys:" + PREFIX + "pollMs:-500}",
        description = "How often the bridge asks the chain for new blocks and the contract for its next batch; it " +
            "backs off to 10 s while the RPC is down [" + PREFIX + "pollMs] (default: ${DEFAULT-VALUE}).")
    long pollMs;

    /** The checked settings, key files read; the node-side ones are filled in by {@link #start}. */
    public static final class Resolved
    {
        private final BridgeConfig config;
        private final PrivateKey operatorNodeKey;

        private Resolved(final BridgeConfig config, final PrivateKey operatorNodeKey)
        {
            this.config = config;
            this.operatorNodeKey = operatorNodeKey;
        }
    }

    /**
     * @return the settings, or null when {@code --chain-rpc} is not set.
     * @throws IllegalArgumentException naming the bad option.
     */
    public Resolved resolve()
    {
        if (null == rpcUrl || rpcUrl.isBlank())
        {
            return null;
        }
        final BridgeConfig config = new BridgeConfig().rpcUrl(rpcUrl.trim());
        if (null == contract || !contract.trim().matches("(0x)?[0-9a-fA-F]{40}"))
        {
            throw new IllegalArgumentException("--chain-contract must be a 20-byte hex address, not '" + contract + "'");
        }
        config.contract(Hex.fromHex(contract.trim()));
        config.operatorEthKey(readKey("--chain-key-file", keyFile, EthKey::fromHex));
        final PrivateKey nodeKey = readKey("--chain-operator-key-file", operatorKeyFile, Ed25519Keys::privateKeyFromHex);
        if (startBlock < 0 || gasLimit < 0 || pollMs <= 0)
        {
            throw new IllegalArgumentException("--chain-start-block and --chain-gas-limit must be >= 0 and " +
                "--chain-poll-ms > 0");
        }
        config.confirmations(confirmations).startBlock(startBlock).pollIntervalMs(pollMs)
            .gas(new TransactionSender.GasSettings(gasLimit, gwei("--chain-max-fee-gwei", maxFeeGwei),
                gwei("--chain-priority-fee-gwei", priorityFeeGwei), 60_000));
        return new Resolved(config, nodeKey);
    }

    /**
     * Starts the bridge beside a running node: it reads the node's data folder and logs on to its gateway over IPC as
     * the operator.
     *
     * @param resolved from {@link #resolve()}.
     * @param node     running.
     * @param log      one line per thing the bridge did.
     * @return the running bridge.
     * @throws IllegalStateException if the operator cannot log on to the node.
     */
    public static ChainBridge start(final Resolved resolved, final Node node, final Consumer<String> log)
    {
        if (!node.config().ingressIpc())
        {
            throw new IllegalArgumentException("the chain bridge reaches the node over IPC: keep --ingress-ipc true");
        }
        final BridgeConfig config = resolved.config
            .dataDir(node.config().dataDir())
            .aeronDir(node.aeronDirectoryName())
            .client(ClientConfig.ipc().ingressStreamId(node.config().ingressStreamId()))
            .operatorAccountId(node.engine().config().operatorAccountId())
            .operatorNodeKey(resolved.operatorNodeKey);
        return ChainBridge.start(config, log);
    }

    private interface Parser<T>
    {
        T parse(String text);
    }

    private static <T> T readKey(final String option, final String file, final Parser<T> parser)
    {
        if (null == file || file.isBlank())
        {
            throw new IllegalArgumentException(option + " is required with --chain-rpc");
        }
        final String text;
        try
        {
            text = Files.readString(Path.of(file.trim()), StandardCharsets.US_ASCII).strip();
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + ex.getMessage(), ex);
        }
        try
        {
            return parser.parse(text.lines().findFirst().orElse(""));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static BigInteger gwei(final String option, final String value)
    {
        if (null == value || value.isBlank())
        {
            return null;
        }
        try
        {
            final BigDecimal wei = new BigDecimal(value.trim()).movePointRight(9);
            if (wei.signum() < 0)
            {
                throw new NumberFormatException("negative");
            }
            return wei.toBigIntegerExact();
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException(option + " must be a non-negative number of gwei (at most 9 " +
                "decimals), not '" + value + "'");
        }
    }
}
