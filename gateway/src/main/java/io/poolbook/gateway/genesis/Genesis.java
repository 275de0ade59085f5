package io.poolbook.gateway.genesis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.KeyFiles;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.cli.connect.Hex;
import io.poolbook.gateway.journal.FileCommandJournal;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.status.NodeStatus.AssetInfo;
import io.poolbook.gateway.status.NodeStatus.MarketInfo;
import io.poolbook.gateway.status.Units;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A genesis file: the assets, markets, pools, accounts and initial deposits a new exchange starts with, in YAML or
 * JSON with human units (see examples/genesis.yaml). It becomes ordinary operator commands (AddAsset, AddMarket,
 * CreatePool, RegisterAccount, Deposit), checked first on a scratch engine so that none is rejected, then written
 * as the first records of the journal of an empty data folder; the node then replays them like any input, so
 * {@code replay verify} and every later tool see an exchange that was set up the normal way. On a folder whose
 * journal already starts with the same commands the file is a no-op; on one whose journal differs it is refused.
 */
public final class Genesis
{
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Path file;
    private final List<byte[]> commands = new ArrayList<>();
    private final List<String> descriptions = new ArrayList<>();

    private Genesis(final Path file)
    {
        this.file = file;
    }

    /**
     * Reads and checks a genesis file.
     *
     * @param file              YAML or JSON.
     * @param operatorAccountId the account the commands are sent as.
     * @param engineConfig      the engine settings to check them under.
     * @return the genesis.
     * @throws IllegalArgumentException naming the entry at fault, if the file is malformed or a command would be
     *                                  rejected.
     * @throws IOException              if the file cannot be read.
     */
    public static Genesis read(final Path file, final int operatorAccountId, final EngineConfig engineConfig)
        throws IOException
    {
        final JsonNode root;
        try
        {
            root = YAML.readTree(file.toFile());
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new IllegalArgumentException(file + ": not valid YAML or JSON: " + ex.getOriginalMessage());
        }
        if (null == root || !root.isObject())
        {
            throw new IllegalArgumentException(file + ": expected a map with assets, markets and accounts");
        }
        final Genesis genesis = new Genesis(file);
        try
        {
            genesis.parse(root, operatorAccountId);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ex.getMessage().startsWith(file.toString()) ? ex : new IllegalArgumentException(file + ": " +
                ex.getMessage(), ex);
        }
        genesis.check(engineConfig);
        return genesis;
    }

    private void parse(final JsonNode root, final int operator)
    {
        final Iterator<String> keys = root.fieldNames();
        while (keys.hasNext())
        {
            final String key = keys.next();
            if (!List.of("assets", "markets", "accounts").contains(key))
            {
                throw new IllegalArgumentException(file + ": unknown section '" + key +
                    "' (expected assets, markets, accounts)");
            }
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final CommandWriter writer = new CommandWriter(buffer, 0);
        final Map<String, AssetInfo> assets = new HashMap<>();
        final Map<Integer, AssetInfo> assetsById = new HashMap<>();

        for (final JsonNode entry : list(root, "assets"))
        {
            final String where = "asset " + entry.path("symbol").asText("?");
            final int id = integer(entry, "id", where);
            final String symbol = text(entry, "symbol", where);
            final int scale = integer(entry, "scale", where);
            final int chainDecimals = entry.has("chainDecimals") ? integer(entry, "chainDecimals", where) : scale;
            final byte[] token = bytes(entry, "token", 20, where);
            final AssetInfo asset = new AssetInfo(id, symbol, scale, chainDecimals, "", 0);
            assets.put(symbol.toUpperCase(), asset);
            assetsById.put(id, asset);
            add(where, buffer, writer.addAsset(operator, id, symbol, scale, chainDecimals, token));
        }
        for (final JsonNode entry : list(root, "markets"))
        {
            final String where = "market " + entry.path("id").asText("?");
            final int id = integer(entry, "id", where);
            final AssetInfo base = asset(assets, text(entry, "base", where), where);
            final AssetInfo quote = asset(assets, text(entry, "quote", where), where);
            final long lotSize = Units.amount(base, number(entry, "lot", where));
            final MarketInfo rules = new MarketInfo(id, base.id(), quote.id(), 0, lotSize, 0, 0, 0, 0, false, false, 0);
            final long tickSize = Units.price(rules, base, quote, number(entry, "tick", where));
            final long min = entry.has("min") ? Units.amount(base, number(entry, "min", where)) : lotSize;
            final long max = Units.amount(base, number(entry, "max", where));
            add(where, buffer, writer.addMarket(operator, id, base.id(), quote.id(), tickSize, lotSize, min, max,
                entry.has("makerFeeBps") ? integer(entry, "makerFeeBps", where) : 0,
                entry.has("takerFeeBps") ? integer(entry, "takerFeeBps", where) : 0));
            if (entry.has("pool"))
            {
                final JsonNode pool = entry.get("pool");
                add(where + " pool", buffer, writer.createPool(operator, id, integer(pool, "feeBps", where + " pool"),
                    pool.path("protocolFee").asBoolean(false)));
            }
        }
        final List<Runnable> deposits = new ArrayList<>();
        for (final JsonNode entry : list(root, "accounts"))
        {
            final String where = "account " + entry.path("id").asText("?");
            final int id = integer(entry, "id", where);
            add(where, buffer, writer.registerAccount(operator, id, publicKey(text(entry, "publicKey", where), where),
                bytes(entry, "chainAddress", 20, where)));
            final JsonNode depositsNode = entry.path("deposits");
            final Iterator<Map.Entry<String, JsonNode>> fields = depositsNode.fields();
            while (fields.hasNext())
            {
                final Map.Entry<String, JsonNode> deposit = fields.next();
                final AssetInfo asset = asset(assets, deposit.getKey(), where + " deposits");
                final long amount = Units.amount(asset, plain(deposit.getValue(), where + " deposit " + deposit.getKey()));
                deposits.add(() -> add(where + " deposit " + deposit.getKey(), buffer,
                    writer.deposit(operator, id, asset.id(), amount, new byte[32])));
            }
        }
        deposits.forEach(Runnable::run);
        if (commands.isEmpty())
        {
            throw new IllegalArgumentException(file + ": has no assets, markets or accounts");
        }
    }

    private void add(final String description, final UnsafeBuffer buffer, final int length)
    {
        commands.add(Arrays.copyOf(buffer.byteArray(), length));
        descriptions.add(description);
    }

    /** Runs the commands on a scratch engine: each must be accepted. */
    private void check(final EngineConfig engineConfig)
    {
        final String[] rejected = new String[1];
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final CommandRejectedDecoder reject = new CommandRejectedDecoder();
        final Engine engine = new Engine(engineConfig, (buffer, offset, length) ->
        {
            header.wrap(buffer, offset);
            if (CommandRejectedDecoder.TEMPLATE_ID == header.templateId() && null == rejected[0])
            {
                reject.wrapAndApplyHeader(buffer, offset, header);
                rejected[0] = reject.reason() + " (" + reject.reasonRaw() + ")";
            }
        });
        for (int i = 0; i < commands.size(); i++)
        {
            final byte[] command = commands.get(i);
            engine.onCommand(i + 1, i + 1, 0, new UnsafeBuffer(command), 0, command.length);
            if (null != rejected[0])
            {
                throw new IllegalArgumentException(file + ": " + descriptions.get(i) + " would be rejected: " +
                    rejected[0]);
            }
        }
    }

    /** The commands, in journal order. */
    public List<byte[]> commands()
    {
        return commands;
    }

    /**
     * Writes the commands as the first journal records of an empty data folder, or checks that its journal already
     * starts with them.
     *
     * @param dataDir the node's data folder.
     * @param log     told what was done.
     * @throws IllegalStateException if the folder's journal holds other commands.
     * @throws IOException           if the journal cannot be read or written.
     */
    public void apply(final Path dataDir, final Consumer<String> log) throws IOException
    {
        final Path journalDir = dataDir.resolve(Node.JOURNAL_DIR);
        final long lastSequence = Files.isDirectory(journalDir) ? lastSequence(journalDir) : 0;
        if (lastSequence > 0)
        {
            final List<byte[]> found = new ArrayList<>();
            new JournalReader(journalDir).read(1, commands.size(), (sequence, timestamp, sessionId, buffer, offset,
                length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                found.add(bytes);
            });
            for (int i = 0; i < commands.size(); i++)
            {
                if (i >= found.size() || !Arrays.equals(found.get(i), commands.get(i)))
                {
                    throw new IllegalStateException("the data folder " + dataDir + " is not empty (journal to " +
                        "sequence " + lastSequence + ") and its journal differs from the genesis file " + file +
                        " at record " + (i + 1) + " (" + descriptions.get(i) + "); start without --genesis, or " +
                        "with an empty --data-dir");
                }
            }
            log.accept("genesis " + file + ": already applied (the journal starts with its " + commands.size() +
                " commands); nothing to do");
            return;
        }
        final long now = System.currentTimeMillis() * 1_000_000L;
        try (FileCommandJournal journal = new FileCommandJournal(new JournalConfig().directory(journalDir)
            .fsyncPolicy(io.poolbook.replay.journal.FsyncPolicy.ALWAYS).validate()))
        {
            for (int i = 0; i < commands.size(); i++)
            {
                final byte[] command = commands.get(i);
                journal.append(i + 1, now + i, 0, new UnsafeBuffer(command), 0, command.length);
            }
            journal.commit();
        }
        log.accept("genesis " + file + ": journaled " + commands.size() + " operator commands (" +
            String.join(", ", descriptions) + ")");
    }

    private static long lastSequence(final Path journalDir)
    {
        final long[] last = new long[1];
        new JournalReader(journalDir).read(1, Long.MAX_VALUE, (sequence, timestamp, sessionId, buffer, offset,
            length) -> last[0] = sequence);
        return last[0];
    }

    /** Records the engine settings in the folder as the node would, so checking and running agree. */
    public static EngineConfig engineConfig(final Path dataDir, final EngineConfig proposed) throws IOException
    {
        return new DataFolder(dataDir).engineConfig(proposed);
    }

    private Iterable<JsonNode> list(final JsonNode root, final String name)
    {
        final JsonNode node = root.path(name);
        if (node.isMissingNode() || node.isNull())
        {
            return List.of();
        }
        if (!node.isArray())
        {
            throw new IllegalArgumentException(file + ": '" + name + "' must be a list");
        }
        return node;
    }

    private AssetInfo asset(final Map<String, AssetInfo> assets, final String symbol, final String where)
    {
        final AssetInfo asset = assets.get(symbol.toUpperCase());
        if (null == asset)
        {
            throw new IllegalArgumentException(file + ": " + where + ": unknown asset '" + symbol + "' (assets: " +
                String.join(", ", assets.keySet()) + ")");
        }
        return asset;
    }

    private int integer(final JsonNode entry, final String field, final String where)
    {
        final JsonNode node = entry.path(field);
        if (!node.canConvertToInt() || !node.isIntegralNumber())
        {
            throw new IllegalArgumentException(file + ": " + where + ": '" + field + "' must be a whole number" +
                (node.isMissingNode() ? " (missing)" : ", not '" + node.asText() + "'"));
        }
        return node.intValue();
    }

    private String text(final JsonNode entry, final String field, final String where)
    {
        final JsonNode node = entry.path(field);
        if (!node.isValueNode() || node.asText().isEmpty())
        {
            throw new IllegalArgumentException(file + ": " + where + ": '" + field + "' is missing");
        }
        return node.asText();
    }

    private String number(final JsonNode entry, final String field, final String where)
    {
        final JsonNode node = entry.path(field);
        if (node.isMissingNode())
        {
            throw new IllegalArgumentException(file + ": " + where + ": '" + field + "' is missing");
        }
        return plain(node, where + " " + field);
    }

    private String plain(final JsonNode node, final String where)
    {
        try
        {
            return node.isNumber() ? node.decimalValue().toPlainString() : node.asText();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + where + ": " + ex.getMessage());
        }
    }

    private byte[] bytes(final JsonNode entry, final String field, final int length, final String where)
    {
        try
        {
            return Hex.bytes(entry.path(field).asText(""), length, field);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + where + ": " + ex.getMessage());
        }
    }

    private byte[] publicKey(final String text, final String where)
    {
        final Path asGiven = Path.of(text);
        final Path keyFile = Files.exists(asGiven) ? asGiven : file.toAbsolutePath().resolveSibling(text);
        try
        {
            if (Files.exists(keyFile))
            {
                return Ed25519Keys.raw(KeyFiles.readPublic(keyFile));
            }
            return Hex.bytes(text, 32, "publicKey (a key file next to the genesis file, or 64 hex digits)");
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + where + ": " + ex.getMessage());
        }
    }
}
