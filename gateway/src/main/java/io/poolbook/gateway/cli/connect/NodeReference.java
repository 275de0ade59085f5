package io.poolbook.gateway.cli.connect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poolbook.gateway.status.NodeStatus.AssetInfo;
import io.poolbook.gateway.status.NodeStatus.MarketInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's status as its {@code /status} endpoint gives it: sequences, sessions, and the reference data (assets,
 * markets with their scales) the CLIs need to turn human units into engine units and to name markets by symbol.
 */
public final class NodeReference
{
    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final JsonNode json;
    private final List<AssetInfo> assets = new ArrayList<>();
    private final List<MarketInfo> markets = new ArrayList<>();

    private NodeReference(final JsonNode json) throws IOException
    {
        this.json = json;
        for (final JsonNode asset : json.path("assets"))
        {
            assets.add(JSON.treeToValue(asset, AssetInfo.class));
        }
        for (final JsonNode market : json.path("markets"))
        {
            markets.add(JSON.treeToValue(market, MarketInfo.class));
        }
    }

    /**
     * Reads {@code http://HOST:PORT/status}.
     *
     * @param http      the node's metrics address, as given to {@code node --metrics-port}.
     * @param timeoutMs longest wait.
     * @return the status.
     * @throws CliException if the node does not answer or answers something else.
     */
    public static NodeReference fetch(final String http, final long timeoutMs)
    {
        final URI uri = URI.create("http://" + http + "/status");
        try
        {
            final HttpResponse<String> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(timeoutMs)).build()
                .send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (200 != response.statusCode())
            {
                throw CliException.failed(uri + " answered HTTP " + response.statusCode());
            }
            return new NodeReference(JSON.readTree(response.body()));
        }
        catch (final IOException ex)
        {
            throw CliException.failed("the node's status is not reachable at " + uri + " (" + describe(ex) +
                "); is the node running with --metrics-port, and is --http right?");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
        catch (final IllegalArgumentException ex)
        {
            throw CliException.usage("bad --http address '" + http + "': " + ex.getMessage());
        }
    }

    private static String describe(final IOException ex)
    {
        return null == ex.getMessage() ? ex.getClass().getSimpleName() : ex.getClass().getSimpleName() + ": " +
            ex.getMessage();
    }

    /** The status as JSON. */
    public JsonNode json()
    {
        return json;
    }

    public int operatorAccountId()
    {
        return json.path("operatorAccountId").asInt();
    }

    public List<AssetInfo> assets()
    {
        return assets;
    }

    public List<MarketInfo> markets()
    {
        return markets;
    }

    /**
     * @param name a symbol (any case) or a numeric id.
     * @return the asset.
     * @throws CliException if the node has no such asset.
     */
    public AssetInfo asset(final String name)
    {
        for (final AssetInfo asset : assets)
        {
            if (asset.symbol().equalsIgnoreCase(name) || Integer.toString(asset.id()).equals(name))
            {
                return asset;
            }
        }
        throw CliException.usage("unknown asset '" + name + "'; the node has " + assetNames());
    }

    /** The asset with an id. */
    public AssetInfo asset(final int id)
    {
        return asset(Integer.toString(id));
    }

    /**
     * @param name a market id or BASE/QUOTE symbols (any case).
     * @return the market.
     * @throws CliException if the node has no such market.
     */
    public MarketInfo market(final String name)
    {
        for (final MarketInfo market : markets)
        {
            if (Integer.toString(market.id()).equals(name) || symbol(market).equalsIgnoreCase(name))
            {
                return market;
            }
        }
        final List<String> names = new ArrayList<>();
        for (final MarketInfo market : markets)
        {
            names.add(market.id() + " (" + symbol(market) + ")");
        }
        throw CliException.usage("unknown market '" + name + "'; the node has " +
            (names.isEmpty() ? "no markets yet" : String.join(", ", names)));
    }

    /** BASE/QUOTE of a market. */
    public String symbol(final MarketInfo market)
    {
        return symbolOf(market.baseAssetId()) + "/" + symbolOf(market.quoteAssetId());
    }

    private String symbolOf(final int assetId)
    {
        for (final AssetInfo asset : assets)
        {
            if (asset.id() == assetId)
            {
                return asset.symbol();
            }
        }
        return "#" + assetId;
    }

    private String assetNames()
    {
        final List<String> names = new ArrayList<>();
        for (final AssetInfo asset : assets)
        {
            names.add(asset.symbol() + " (" + asset.id() + ")");
        }
        return names.isEmpty() ? "no assets yet" : String.join(", ", names);
    }
}
