package io.poolbook.replay;

import io.poolbook.engine.EngineConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A node's data folder and what lives in it: {@code journal/} (the input, segment files), {@code snapshots/}
 * (engine snapshots), {@code settlement/} (batch JSON and calldata) and {@code engine.properties}, the engine
 * configuration the journal was written under. Replay tools read the same folder, so they run the engine exactly
 * as the node did.
 */
public final class DataFolder
{
    public static final String ENGINE_PROPERTIES = "engine.properties";

    private final Path root;

    public DataFolder(final Path root)
    {
        this.root = root;
    }

    public Path root()
    {
        return root;
    }

    public Path journal()
    {
        return root.resolve("journal");
    }

    public Path snapshots()
    {
        return root.resolve("snapshots");
    }

    public Path settlement()
    {
        return root.resolve("settlement");
    }

    /** Does the folder hold a journal? */
    public boolean hasJournal()
    {
        return Files.isDirectory(journal());
    }

    /**
     * The engine configuration recorded in the folder, or, on first use, the given one, recorded now. The journal
     * is only meaningful under the configuration it was written with, so a recorded one always wins.
     *
     * @param proposed configuration for a new folder.
     * @return the configuration to run the engine with.
     * @throws IOException if the folder cannot be read or written.
     */
    public EngineConfig engineConfig(final EngineConfig proposed) throws IOException
    {
        final Path file = root.resolve(ENGINE_PROPERTIES);
        if (Files.exists(file))
        {
            return readEngineConfig();
        }
        Files.createDirectories(root);
        final Properties properties = new Properties();
        properties.setProperty("operatorAccountId", Integer.toString(proposed.operatorAccountId()));
        properties.setProperty("feeAccountId", Integer.toString(proposed.feeAccountId()));
        properties.setProperty("maxOpenOrdersPerAccount", Integer.toString(proposed.maxOpenOrdersPerAccount()));
        properties.setProperty("feeAccountAddress", toHex(proposed.feeAccountAddress()));
        properties.setProperty("batchCommands", Long.toString(proposed.batchCommands()));
        properties.setProperty("batchNanos", Long.toString(proposed.batchNanos()));
        try (OutputStream out = Files.newOutputStream(file))
        {
            properties.store(out, "Engine configuration of this journal; replay runs the engine with it");
        }
        return proposed;
    }

    /**
     * The engine configuration recorded in the folder; the defaults when none is (an empty or foreign folder).
     *
     * @return the configuration.
     * @throws IOException if the file exists but cannot be read.
     */
    public EngineConfig readEngineConfig() throws IOException
    {
        final EngineConfig config = new EngineConfig();
        final Path file = root.resolve(ENGINE_PROPERTIES);
        if (!Files.exists(file))
        {
            return config;
        }
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
        }
        return config
            .operatorAccountId(Integer.parseInt(properties.getProperty("operatorAccountId", "0")))
            .feeAccountId(Integer.parseInt(properties.getProperty("feeAccountId", "0")))
            .maxOpenOrdersPerAccount(Integer.parseInt(properties.getProperty("maxOpenOrdersPerAccount", "10000")))
            .batchCommands(Long.parseLong(properties.getProperty("batchCommands", "0")))
            .batchNanos(Long.parseLong(properties.getProperty("batchNanos", "0")))
            .feeAccountAddress(EngineConfig.parseAddress(properties.getProperty("feeAccountAddress", "")));
    }

    private static String toHex(final byte[] bytes)
    {
        final StringBuilder hex = new StringBuilder("0x");
        for (final byte b : bytes)
        {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }
}
