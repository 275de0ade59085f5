package io.poolbook.gateway.chain;

import io.poolbook.replay.settlement.AbiEncoder;
import io.poolbook.replay.settlement.Hex;
import io.poolbook.replay.settlement.Keccak256;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The ABI of {@code PoolbookSettlement.sol} (and of an ERC-20) the bridge and the client library use: views read
 * with {@code eth_call}, calldata for the transactions, the {@code Deposited} event's topic and fields.
 */
public final class SettlementContract
{
    /** {@code Deposited(uint256 indexed depositId, address indexed account, address indexed token, uint256 amount)}. */
    public static final byte[] DEPOSITED_TOPIC =
        Keccak256.hash("Deposited(uint256,address,address,uint256)".getBytes(StandardCharsets.US_ASCII));

    private final EthRpc rpc;
    private final byte[] address;

    /**
     * @param rpc     the node.
     * @param address of the deployed contract.
     */
    public SettlementContract(final EthRpc rpc, final byte[] address)
    {
        this.rpc = rpc;
        this.address = address.clone();
    }

    /** @return the contract's address. */
    public byte[] address()
    {
        return address.clone();
    }

    /** @return the index the next batch must have: every batch below it is settled. */
    public long nextIndex()
    {
        return word(view("nextIndex()")).longValueExact();
    }

    /** @return the hash of the last accepted batch (zeros before batch 0). */
    public byte[] lastBatchHash()
    {
        return view("lastBatchHash()");
    }

    /**
     * @param account address.
     * @param token   address.
     * @return the settled balance (signed).
     */
    public BigInteger balanceOf(final byte[] account, final byte[] token)
    {
        final byte[] data = new AbiEncoder().raw(AbiEncoder.selector("balanceOf(address,address)"))
            .address(account).address(token).toByteArray();
        return new BigInteger(rpc.ethCall(address, data));
    }

    /**
     * @param token   an ERC-20.
     * @param account address.
     * @return the account's token balance.
     */
    public BigInteger tokenBalance(final byte[] token, final byte[] account)
    {
        final byte[] data = new AbiEncoder().raw(AbiEncoder.selector("balanceOf(address)")).address(account)
            .toByteArray();
        return word(rpc.ethCall(token, data));
    }

    /** @return calldata of {@code deposit(token, amount)}. */
    public static byte[] depositCall(final byte[] token, final BigInteger amount)
    {
        return new AbiEncoder().raw(AbiEncoder.selector("deposit(address,uint256)")).address(token).uint256(amount)
            .toByteArray();
    }

    /** @return calldata of ERC-20 {@code approve(spender, amount)}. */
    public static byte[] approveCall(final byte[] spender, final BigInteger amount)
    {
        return new AbiEncoder().raw(AbiEncoder.selector("approve(address,uint256)")).address(spender).uint256(amount)
            .toByteArray();
    }

    /**
     * Calldata of {@code applyDelta} or {@code applyWithdrawal}: {@code (uint64 index, address account,
     * address token, int256 delta, bytes32[] proof)}.
     *
     * @param withdrawal true for {@code applyWithdrawal}.
     * @param index      batch.
     * @param account    leaf account.
     * @param token      leaf token.
     * @param delta      leaf delta (chain units).
     * @param proof      sibling hashes.
     * @return the calldata.
     */
    public static byte[] leafCall(final boolean withdrawal, final long index, final byte[] account, final byte[] token,
        final BigInteger delta, final List<byte[]> proof)
    {
        final AbiEncoder abi = new AbiEncoder().raw(AbiEncoder.selector((withdrawal ? "applyWithdrawal" : "applyDelta") +
            "(uint64,address,address,int256,bytes32[])"))
            .uint64(index).address(account).address(token).int256(delta)
            .uint64(5 * AbiEncoder.WORD).uint64(proof.size());
        for (final byte[] node : proof)
        {
            abi.bytes32(node);
        }
        return abi.toByteArray();
    }

    /**
     * @param log of a {@code Deposited} event from {@code eth_getLogs}.
     * @return its fields.
     */
    static DepositLog depositLog(final java.util.Map<String, Object> log)
    {
        final List<Object> topics = Json.array(log.get("topics"), "topics");
        if (topics.size() != 4 || !Arrays.equals(DEPOSITED_TOPIC, Hex.fromHex(topics.get(0).toString())))
        {
            throw new IllegalArgumentException("not a Deposited log: " + log);
        }
        final byte[] transactionHash = Hex.fromHex(Json.text(log, "transactionHash"));
        final long logIndex = EthRpc.quantity(log.get("logIndex")).longValueExact();
        return new DepositLog(
            EthRpc.quantity(log.get("blockNumber")).longValueExact(),
            Hex.fromHex(Json.text(log, "blockHash")),
            transactionHash,
            logIndex,
            EthRpc.quantity(topics.get(1)),
            Arrays.copyOfRange(Hex.fromHex(topics.get(2).toString()), 12, 32),
            Arrays.copyOfRange(Hex.fromHex(topics.get(3).toString()), 12, 32),
            new BigInteger(1, Hex.fromHex(Json.text(log, "data"))),
            Keccak256.hash(transactionHash, new AbiEncoder().uint64(logIndex).toByteArray()));
    }

    /**
     * One {@code Deposited} event.
     *
     * @param blockNumber     block it is in.
     * @param blockHash       that block's hash.
     * @param transactionHash of the deposit.
     * @param logIndex        in the block.
     * @param depositId       the contract's id.
     * @param account         depositor.
     * @param token           deposited.
     * @param amount          what arrived, in the token's smallest unit.
     * @param chainReference  {@code keccak256(transactionHash ++ uint256(logIndex))}: the engine Deposit's reference.
     */
    record DepositLog(long blockNumber, byte[] blockHash, byte[] transactionHash, long logIndex, BigInteger depositId,
        byte[] account, byte[] token, BigInteger amount, byte[] chainReference)
    {
    }

    private byte[] view(final String signature)
    {
        return rpc.ethCall(address, AbiEncoder.selector(signature));
    }

    private static BigInteger word(final byte[] data)
    {
        if (data.length < AbiEncoder.WORD)
        {
            throw new ChainRpcException("short answer from the contract (" + data.length + " bytes): is the " +
                "contract address right?", false, null);
        }
        return new BigInteger(1, Arrays.copyOf(data, AbiEncoder.WORD));
    }
}
