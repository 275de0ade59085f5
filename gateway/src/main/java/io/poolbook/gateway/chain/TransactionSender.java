package io.poolbook.gateway.chain;

import io.poolbook.replay.settlement.Hex;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

import java.math.BigInteger;
import java.util.Map;

/**
 * Signs (web3j's {@code TransactionEncoder}) and sends EIP-1559 (type 2) transactions from one key and waits for their receipts. Gas: a fixed limit, or
 * the node's estimate plus a quarter; fees: fixed, or the node's priority fee and twice the latest base fee on top.
 */
public final class TransactionSender
{
    private static final long RECEIPT_POLL_MS = 100;

    private final EthRpc rpc;
    private final EthKey key;
    private final long chainId;
    private final GasSettings gas;

    /**
     * Gas settings; zero or null means "ask the node".
     *
     * @param gasLimit             per transaction; 0 for the estimate plus 25 %.
     * @param maxFeePerGas         in wei; null for 2 x base fee + priority fee.
     * @param maxPriorityFeePerGas in wei; null for the node's suggestion.
     * @param receiptTimeoutMs     how long to wait for a transaction to be mined.
     */
    public record GasSettings(long gasLimit, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas,
        long receiptTimeoutMs)
    {
        /** @return the node decides everything, receipts within 60 s. */
        public static GasSettings auto()
        {
            return new GasSettings(0, null, null, 60_000);
        }
    }

    /**
     * A mined transaction.
     *
     * @param hash        of the transaction.
     * @param success     status 1.
     * @param gasUsed     by it.
     * @param blockNumber it is in.
     * @param receipt     the whole receipt.
     */
    public record Receipt(byte[] hash, boolean success, long gasUsed, long blockNumber, Map<String, Object> receipt)
    {
        /** @return the address of a contract this transaction created, or null. */
        public byte[] contractAddress()
        {
            final Object address = receipt.get("contractAddress");
            return null == address ? null : Hex.fromHex(address.toString());
        }
    }

    /**
     * @param rpc the node.
     * @param key signs.
     * @param gas settings.
     */
    public TransactionSender(final EthRpc rpc, final EthKey key, final GasSettings gas)
    {
        this.rpc = rpc;
        this.key = key;
        this.gas = gas;
        this.chainId = rpc.chainId();
    }

    /** @return the sender's address. */
    public byte[] address()
    {
        return key.address();
    }

    /**
     * Signs a transaction with the next pending nonce and sends it.
     *
     * @param to   contract, or null to deploy {@code data}.
     * @param data calldata or creation code.
     * @return the transaction hash.
     * @throws ChainRpcException when the node refuses it (a revert shows in the gas estimate).
     */
    public byte[] send(final byte[] to, final byte[] data)
    {
        final long nonce = rpc.nonce(key.address(), "pending");
        final long gasLimit = gas.gasLimit() > 0 ? gas.gasLimit() : rpc.estimateGas(key.address(), to, data) * 5 / 4;
        final BigInteger priority = null != gas.maxPriorityFeePerGas() ? gas.maxPriorityFeePerGas() :
            rpc.maxPriorityFeePerGas();
        BigInteger maxFee = gas.maxFeePerGas();
        if (null == maxFee)
        {
            final Map<String, Object> latest = rpc.block("latest");
            final Object baseFee = null == latest ? null : latest.get("baseFeePerGas");
            maxFee = (null == baseFee ? BigInteger.ZERO : EthRpc.quantity(baseFee)).shiftLeft(1).add(priority);
        }
        final RawTransaction transaction = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce),
            BigInteger.valueOf(gasLimit), null == to ? "" : Hex.toHex(to), BigInteger.ZERO, Hex.toHex(data), priority,
            maxFee);
        return rpc.sendRawTransaction(TransactionEncoder.signMessage(transaction, key.credentials()));
    }

    /**
     * Sends a transaction and waits until it is mined.
     *
     * @param to   contract, or null to deploy.
     * @param data calldata.
     * @return its receipt (check {@link Receipt#success()}).
     */
    public Receipt sendAndWait(final byte[] to, final byte[] data)
    {
        return awaitReceipt(send(to, data));
    }

    /**
     * @param hash of a sent transaction.
     * @return its receipt once mined.
     * @throws ChainRpcException if it is not mined within the receipt timeout.
     */
    public Receipt awaitReceipt(final byte[] hash)
    {
        final long deadline = System.currentTimeMillis() + gas.receiptTimeoutMs();
        while (true)
        {
            final Map<String, Object> receipt = rpc.receipt(hash);
            if (null != receipt)
            {
                return new Receipt(hash, EthRpc.quantity(receipt.get("status")).signum() == 1,
                    EthRpc.quantity(receipt.get("gasUsed")).longValueExact(),
                    EthRpc.quantity(receipt.get("blockNumber")).longValueExact(), receipt);
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new ChainRpcException("transaction " + Hex.toHex(hash) + " not mined in " +
                    gas.receiptTimeoutMs() + " ms", false, null);
            }
            try
            {
                Thread.sleep(RECEIPT_POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new ChainRpcException("interrupted waiting for " + Hex.toHex(hash), true, ex);
            }
        }
    }
}
