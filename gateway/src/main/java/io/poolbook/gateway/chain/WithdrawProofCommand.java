package io.poolbook.gateway.chain;

import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.replay.settlement.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code poolbook withdraw-proof}: everything an account needs to take its tokens out of the contract, from the
 * node's settlement batch files: each {@code applyDelta} and {@code applyWithdrawal} call of that account with its
 * leaf, proof and ready calldata, in an order that works. With {@code --rpc} and {@code --contract} it also asks the
 * contract which batches are settled, so it can say which calls can be sent now.
 */
@Command(
    name = "withdraw-proof",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Print the contract calls that settle an account's balance changes and pay out its withdrawals: for each " +
            "batch, every applyDelta (trading change) then every applyWithdrawal, with the leaf (account, token, " +
            "delta), the Merkle proof and the calldata to send to the PoolbookSettlement contract. Anyone may send " +
            "them; tokens only go to the account. Exit 0 when there are calls, 1 when the account has none.",
    })
public final class WithdrawProofCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "DATA_DIR", description = "The node's data folder (its settlement/ folder " +
        "is read), or a settlement folder itself.")
    Path dataDir;

    @Option(names = "--account", paramLabel = "ADDRESS", required = true,
        description = "The account's chain address (20 bytes of hex).")
    String account;

    @Option(names = "--from-batch", paramLabel = "INDEX", defaultValue = "0",
        description = "First batch to include (default: ${DEFAULT-VALUE}).")
    long fromBatch;

    @Option(names = "--json", description = "One JSON object per call instead of text.")
    boolean json;

    @Option(names = "--rpc", paramLabel = "URL", defaultValue = "${sys:poolbook.chain.rpc:-}",
        description = "JSON-RPC URL of the Ethereum node, to tell settled batches from pending ones " +
            "[poolbook.chain.rpc].")
    String rpcUrl;

    @Option(names = "--contract", paramLabel = "ADDRESS", defaultValue = "${sys:poolbook.chain.contract:-}",
        description = "Address of the PoolbookSettlement contract, with --rpc [poolbook.chain.contract].")
    String contract;

    private final PrintStream out;
    private final PrintStream err;

    /** Prints to the standard streams. */
    public WithdrawProofCommand()
    {
        this(System.out, System.err);
    }

    /**
     * @param out receives the calls.
     * @param err receives the errors.
     */
    public WithdrawProofCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public Integer call()
    {
        if (null == account || !account.trim().matches("(0x)?[0-9a-fA-F]{40}"))
        {
            err.println("poolbook withdraw-proof: --account must be a 20-byte hex address, not '" + account + "'");
            return ExitCode.USAGE;
        }
        if (fromBatch < 0)
        {
            err.println("poolbook withdraw-proof: --from-batch must be >= 0");
            return ExitCode.USAGE;
        }
        final boolean askChain = null != rpcUrl && !rpcUrl.isBlank();
        if (askChain && (null == contract || !contract.trim().matches("(0x)?[0-9a-fA-F]{40}")))
        {
            err.println("poolbook withdraw-proof: --rpc needs --contract ADDRESS (20 bytes of hex)");
            return ExitCode.USAGE;
        }
        final Path settlement = Files.isDirectory(dataDir.resolve("settlement")) ? dataDir.resolve("settlement") :
            dataDir;
        final byte[] address = Hex.fromHex(account.trim());
        final List<WithdrawalProofs.LeafCall> calls;
        try
        {
            calls = WithdrawalProofs.calls(settlement, address, fromBatch);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            err.println("poolbook withdraw-proof: cannot read the batches in " + settlement + ": " +
                (ex instanceof java.nio.file.NoSuchFileException ? "no such folder" : ex.getMessage()));
            return ExitCode.FAILURE;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("poolbook withdraw-proof: " + ex.getMessage());
            return ExitCode.FAILURE;
        }
        long settledBelow = Long.MAX_VALUE;
        if (askChain)
        {
            try
            {
                settledBelow = new SettlementContract(new EthRpc(rpcUrl.trim(), 10_000), Hex.fromHex(contract.trim()))
                    .nextIndex();
            }
            catch (final ChainRpcException ex)
            {
                err.println("poolbook withdraw-proof: cannot ask the contract which batches are settled: " +
                    ex.getMessage());
                return ExitCode.FAILURE;
            }
        }
        if (calls.isEmpty())
        {
            err.println("poolbook withdraw-proof: no leaf for " + Hex.toHex(address) + " in the batches from " +
                fromBatch + " in " + settlement);
            return ExitCode.FAILURE;
        }
        for (final WithdrawalProofs.LeafCall call : calls)
        {
            final String state = !askChain ? null : call.batchIndex() < settledBelow ? "settled" :
                "batch not settled yet";
            out.println(json ? json(call, state) : text(call, state));
        }
        if (!json)
        {
            out.println(calls.size() + " calls for " + Hex.toHex(address) + "; send each calldata to the contract " +
                "in this order (a second time it is refused, so re-sending is safe)" +
                (askChain ? "; the contract has settled batches below " + settledBelow : ""));
        }
        return ExitCode.OK;
    }

    private static String text(final WithdrawalProofs.LeafCall call, final String state)
    {
        final StringBuilder text = new StringBuilder();
        text.append(call.describe()).append(null == state ? "" : "  [" + state + "]").append('\n');
        text.append("  proof    [");
        for (int i = 0; i < call.proof().size(); i++)
        {
            text.append(i == 0 ? "" : ", ").append(Hex.toHex(call.proof().get(i)));
        }
        text.append("]\n  calldata ").append(Hex.toHex(call.calldata()));
        return text.toString();
    }

    private static String json(final WithdrawalProofs.LeafCall call, final String state)
    {
        final StringBuilder json = new StringBuilder("{\"batch\":").append(call.batchIndex())
            .append(",\"function\":").append(Json.quote(call.withdrawal() ? "applyWithdrawal" : "applyDelta"))
            .append(",\"account\":").append(Json.quote(Hex.toHex(call.account())))
            .append(",\"token\":").append(Json.quote(Hex.toHex(call.token())))
            .append(",\"delta\":").append(Json.quote(call.delta().toString()))
            .append(",\"proof\":[");
        for (int i = 0; i < call.proof().size(); i++)
        {
            json.append(i == 0 ? "" : ",").append(Json.quote(Hex.toHex(call.proof().get(i))));
        }
        json.append("],\"calldata\":").append(Json.quote(Hex.toHex(call.calldata())));
        if (null != state)
        {
            json.append(",\"settled\":").append("settled".equals(state));
        }
        return json.append('}').toString();
    }
}
