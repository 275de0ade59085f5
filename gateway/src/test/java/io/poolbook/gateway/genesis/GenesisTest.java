package io.poolbook.gateway.genesis;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.KeyFiles;
import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.gateway.cli.PoolbookCommand;
import io.poolbook.replay.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

final class GenesisTest
{
    @TempDir
    Path dir;

    private Path example() throws Exception
    {
        KeyFiles.write(Ed25519Keys.generate(), dir.resolve("alice.key"));
        KeyFiles.write(Ed25519Keys.generate(), dir.resolve("bob.key"));
        Path example = Path.of("examples", "genesis.yaml");
        if (!Files.exists(example))
        {
            example = Path.of("..", "examples", "genesis.yaml");
        }
        return Files.copy(example, dir.resolve("genesis.yaml"));
    }

    private Path write(final String name, final String yaml) throws Exception
    {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static long journalRecords(final Path dataDir)
    {
        final long[] count = new long[1];
        new JournalReader(dataDir.resolve("journal")).read(1, Long.MAX_VALUE, (s, t, id, b, o, l) -> count[0]++);
        return count[0];
    }

    @Test
    void theExampleIsJournaledOnceAndADifferentOneIsRefused() throws Exception
    {
        final Path file = example();
        final Genesis genesis = Genesis.read(file, 0, new EngineConfig());
        assertEquals(10, genesis.commands().size(), "2 assets, a market, its pool, 2 accounts, 4 deposits");
        final Path data = dir.resolve("data");
        final List<String> log = new ArrayList<>();
        genesis.apply(data, log::add);
        assertEquals(10, journalRecords(data));
        assertTrue(log.get(0).contains("journaled 10 operator commands"), log.toString());

        Genesis.read(file, 0, new EngineConfig()).apply(data, log::add);
        assertEquals(10, journalRecords(data), "the same genesis again changes nothing");
        assertTrue(log.get(1).contains("already applied"), log.toString());

        final Path other = write("other.yaml", Files.readString(file).replace("USDC: \"50000\"", "USDC: \"50001\""));
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> Genesis.read(other, 0, new EngineConfig()).apply(data, log::add));
        assertTrue(refused.getMessage().contains("is not empty (journal to sequence 10) and its journal differs " +
            "from the genesis file"), refused.getMessage());
        assertTrue(refused.getMessage().contains("at record 8 (account 1 deposit USDC)"), refused.getMessage());
        assertEquals(10, journalRecords(data));
    }

    @Test
    void aBadGenesisSaysWhatIsWrongAndWhere() throws Exception
    {
        final String asset = "assets:\n  - {id: 1, symbol: WETH, scale: 8}\n  - {id: 2, symbol: USDC, scale: 6}\n";
        assertMessage("an unknown asset", asset + "markets:\n  - {id: 1, base: WETH, quote: DAI, tick: 0.01, " +
            "lot: 0.01, max: 10}\n", "market 1: unknown asset 'DAI'");
        assertMessage("a duplicate id", "assets:\n  - {id: 1, symbol: WETH, scale: 8}\n  - {id: 1, symbol: USDC, " +
            "scale: 6}\n", "asset USDC would be rejected: DUPLICATE_ID (37)");
        assertMessage("a tick finer than a quote unit", asset + "markets:\n  - {id: 1, base: WETH, quote: USDC, " +
            "tick: 0.000000001, lot: 0.01, max: 10}\n", "is not a whole number of USDC engine units per lot");
        assertMessage("a number that is not one", asset + "markets:\n  - {id: 1, base: WETH, quote: USDC, " +
            "tick: lots, lot: 0.01, max: 10}\n", "price 'lots' is not a number");
        assertMessage("a missing field", "assets:\n  - {id: 1, symbol: WETH}\n", "asset WETH: 'scale' must be a " +
            "whole number (missing)");
        assertMessage("an unknown section", "asets: []\n", "unknown section 'asets'");
        assertMessage("a bad key", asset + "accounts:\n  - {id: 5, publicKey: nokey.pub}\n",
            "account 5: publicKey (a key file next to the genesis file, or 64 hex digits) must be 32 bytes");
        assertMessage("broken YAML", "assets: [\n", "not valid YAML or JSON");
    }

    private void assertMessage(final String what, final String yaml, final String expected) throws Exception
    {
        final Path file = write("bad.yaml", yaml);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Genesis.read(file, 0, new EngineConfig()), what);
        assertTrue(ex.getMessage().startsWith(file.toString()) && ex.getMessage().contains(expected),
            what + ": " + ex.getMessage());
    }

    @Test
    void theNodeRefusesToStartOnABadOrDifferentGenesis() throws Exception
    {
        final Path file = example();
        final Path data = dir.resolve("data");
        Genesis.read(file, 0, new EngineConfig()).apply(data, (line) -> { });
        final Path other = write("other.yaml", Files.readString(file).replace("feeBps: 30", "feeBps: 25"));
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true));
        try
        {
            assertEquals(ExitCode.FAILURE, PoolbookCommand.commandLine().execute("node", "--data-dir",
                data.toString(), "--aeron-dir", dir.resolve("aeron").toString(), "--genesis", other.toString()));
            assertEquals(ExitCode.FAILURE, PoolbookCommand.commandLine().execute("node", "--data-dir",
                dir.resolve("data2").toString(), "--aeron-dir", dir.resolve("aeron").toString(), "--genesis",
                write("bad.yaml", "assets: 3\n").toString()));
            assertEquals(ExitCode.USAGE, PoolbookCommand.commandLine().execute("node", "--log-format", "xml"));
        }
        finally
        {
            System.setErr(saved);
        }
        assertTrue(err.toString().contains("its journal differs from the genesis file"), err.toString());
        assertTrue(err.toString().contains("'assets' must be a list"), err.toString());
        assertTrue(err.toString().contains("poolbook.node.logFormat must be text or json"), err.toString());
    }
}
