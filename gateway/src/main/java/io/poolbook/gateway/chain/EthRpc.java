package io.poolbook.gateway.chain;

import io.poolbook.replay.settlement.Hex;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC 2.0 client of an Ethereum node over HTTP ({@code java.net.http}), with the few methods the bridge
 * needs. Quantities are {@code 0x} hex on the wire and {@link BigInteger} or {@code long} here; data is
 * {@code byte[]}. Thread-safe.
 */
public final class EthRpc
{
    private final URI uri;
    private final HttpClient http;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param url       of the node, e.g. {@code http://127.0.0.1:8545}.
     * @param timeoutMs for each call.
     */
    public EthRpc(final String url, final long timeoutMs)
    {
        this.uri = URI.create(url);
        this.timeout = Duration.ofMillis(timeoutMs);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** @return the URL this client calls. */
    public String url()
    {
        return uri.toString();
    }

    /**
     * One call.
     *
     * @param method     JSON-RPC method.
     * @param paramsJson the params array as JSON text, e.g. {@code ["latest"]}.
     * @return the {@code result} value (see {@link Json}).
     * @throws ChainRpcException when the node cannot be reached or answers with an error.
     */
    public Object call(final String method, final String paramsJson)
    {
        final String body = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":" +
            Json.quote(method) + ",\"params\":" + paramsJson + "}";
        final HttpResponse<byte[]> response;
        try
        {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (final IOException ex)
        {
            throw new ChainRpcException("Ethereum node at " + uri + " unreachable (" + method + "): " + ex, true, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ChainRpcException("interrupted during " + method, true, ex);
        }
        if (response.statusCode() != 200)
        {
            throw new ChainRpcException("Ethereum node at " + uri + " answered HTTP " + response.statusCode() +
                " to " + method, true, null);
        }
        final Map<String, Object> answer = Json.object(Json.parse(response.body()), method + " answer");
        final Object error = answer.get("error");
        if (null != error)
        {
            throw new ChainRpcException(method + " failed: " + error, false, null);
        }
        return answer.get("result");
    }

    /** @return the chain id. */
    public long chainId()
    {
        return quantity(call("eth_chainId", "[]")).longValueExact();
    }

    /** @return the number of the newest block. */
    public long blockNumber()
    {
        return quantity(call("eth_blockNumber", "[]")).longValueExact();
    }

    /**
     * @param number of a block.
     * @return the block's header fields ({@code hash}, {@code baseFeePerGas}, ...), or null if there is none.
     */
    public Map<String, Object> block(final String number)
    {
        final Object block = call("eth_getBlockByNumber", "[" + Json.quote(number) + ",false]");
        return null == block ? null : Json.object(block, "block");
    }

    /**
     * @param address of an account.
     * @param tag     {@code latest} or {@code pending}.
     * @return the account's transaction count (its next nonce).
     */
    public long nonce(final byte[] address, final String tag)
    {
        return quantity(call("eth_getTransactionCount", "[" + Json.quote(Hex.toHex(address)) + "," +
            Json.quote(tag) + "]")).longValueExact();
    }

    /** @return the node's suggested priority fee per gas. */
    public BigInteger maxPriorityFeePerGas()
    {
        return quantity(call("eth_maxPriorityFeePerGas", "[]"));
    }

    /**
     * A read-only call at the newest block.
     *
     * @param to   contract.
     * @param data calldata.
     * @return the return data.
     */
    public byte[] ethCall(final byte[] to, final byte[] data)
    {
        return Hex.fromHex(call("eth_call", "[{\"to\":" + Json.quote(Hex.toHex(to)) + ",\"data\":" +
            Json.quote(Hex.toHex(data)) + "},\"latest\"]").toString());
    }

    /**
     * @param from  sender.
     * @param to    contract, or null for a deployment.
     * @param data  calldata.
     * @return the gas the node estimates.
     * @throws ChainRpcException with the revert reason when the call would fail.
     */
    public long estimateGas(final byte[] from, final byte[] to, final byte[] data)
    {
        return quantity(call("eth_estimateGas", "[{\"from\":" + Json.quote(Hex.toHex(from)) +
            (null == to ? "" : ",\"to\":" + Json.quote(Hex.toHex(to))) + ",\"data\":" +
            Json.quote(Hex.toHex(data)) + "}]")).longValueExact();
    }

    /**
     * @param signedTransaction the raw transaction.
     * @return its hash.
     */
    public byte[] sendRawTransaction(final byte[] signedTransaction)
    {
        return Hex.fromHex(call("eth_sendRawTransaction", "[" + Json.quote(Hex.toHex(signedTransaction)) + "]")
            .toString());
    }

    /**
     * @param transactionHash of a sent transaction.
     * @return its receipt, or null while it is not mined.
     */
    public Map<String, Object> receipt(final byte[] transactionHash)
    {
        final Object receipt = call("eth_getTransactionReceipt", "[" + Json.quote(Hex.toHex(transactionHash)) + "]");
        return null == receipt ? null : Json.object(receipt, "receipt");
    }

    /**
     * Logs of one contract and one event in a block range.
     *
     * @param address   contract.
     * @param topic0    event signature hash.
     * @param fromBlock first block.
     * @param toBlock   last block.
     * @return the logs in chain order.
     */
    public List<Object> logs(final byte[] address, final byte[] topic0, final long fromBlock, final long toBlock)
    {
        return Json.array(call("eth_getLogs", "[{\"address\":" + Json.quote(Hex.toHex(address)) +
            ",\"topics\":[" + Json.quote(Hex.toHex(topic0)) + "],\"fromBlock\":" + Json.quote(hex(fromBlock)) +
            ",\"toBlock\":" + Json.quote(hex(toBlock)) + "}]"), "logs");
    }

    /** @return {@code 0x} hex of a quantity. */
    static String hex(final long value)
    {
        return "0x" + Long.toHexString(value);
    }

    /** @return a {@code 0x} hex quantity. */
    static BigInteger quantity(final Object value)
    {
        if (null == value)
        {
            throw new ChainRpcException("missing quantity in the answer", false, null);
        }
        final String text = value.toString();
        return new BigInteger(text.startsWith("0x") ? text.substring(2) : text, 16);
    }
}
