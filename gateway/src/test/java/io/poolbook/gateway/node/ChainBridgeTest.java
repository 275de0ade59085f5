package io.poolbook.gateway.node;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Asset;
import io.poolbook.gateway.chain.BridgeConfig;
import io.poolbook.gateway.chain.BridgeFaults;
import io.poolbook.gateway.chain.ChainBridge;
import io.poolbook.gateway.chain.EthKey;
import io.poolbook.gateway.chain.EthRpc;
import io.poolbook.gateway.chain.SettlementContract;
import io.poolbook.gateway.chain.TransactionSender;
import io.poolbook.gateway.chain.WithdrawalProofs;
import io.poolbook.gateway.testkit.TestClient;
import io.poolbook.gateway.testkit.TestNode;
import io.poolbook.replay.settlement.AbiEncoder;
import io.poolbook.replay.settlement.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chain bridge against a real Ethereum node (Anvil from npm): the settlement contract and two ERC-20 tokens
 * deployed, deposits made on chain and credited in the engine by the bridge, trading through book and pool, batches
 * cut, posted by the bridge and accepted by the contract, every leaf applied and the withdrawals paid on chain, and
 * at the end the contract's settled balances equal to the engine's balances. The second test kills the bridge in the
 * middle of a deposit and of a batch and restarts it: nothing is lost or done twice.
 */
final class ChainBridgeTest
{
    private static final int BASE = 1;
    private static final int QUOTE = 2;
    private static final int MARKET = 1;
    private static final int ALICE = 1;
    private static final int BOB = 2;
    private static final int LP = 3;
    private static final int SCALE = 6;
    private static final int DECIMALS = 18;
    private static final BigInteger UNIT = BigInteger.TEN.pow(DECIMALS - SCALE);

    @TempDir
    Path root;

    private final List<String> bridgeLog = new CopyOnWriteArrayList<>();

    /** The chain as the test sees it: the node, the contract, the tokens and who holds keys. */
    private static final class Chain
    {
        Anvil anvil;
        EthRpc rpc;
        byte[] vault;
        byte[] base;
        byte[] quote;
        EthKey operator;
        final EthKey[] users = {EthKey.generate(), EthKey.generate(), EthKey.generate()};
        final KeyPair[] nodeKeys = {Ed25519Keys.generate(), Ed25519Keys.generate(), Ed25519Keys.generate()};
        SettlementContract contract;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void depositsTradesBatchesAndWithdrawalsSettleOnARealChain() throws Exception
    {
        final Chain chain = new Chain();
        try (Anvil anvil = Anvil.start())
        {
            deploy(chain, anvil);
            try (TestNode node = TestNode.launch(root);
                TestClient operator = new TestClient("operator", node.aeron, node.ipcClient(), 0,
                    TestNode.OPERATOR_KEYS).logon(false))
            {
                setUpMarket(chain, operator);
                operator.close(); // one session per account: the bridge logs on as the operator to credit deposits
                deposit(chain, 0, chain.base, 1_000_000);
                deposit(chain, 1, chain.quote, 200_000_000);
                deposit(chain, 2, chain.base, 200_000);
                deposit(chain, 2, chain.quote, 20_000_000);

                // The bridge as ./poolbook node starts it: options, key files, then beside the running node.
                final Path ethKey = Files.writeString(root.resolve("operator.eth.key"), chain.operator.privateKeyHex());
                final Path nodeKey = Files.writeString(root.resolve("operator.node.key"),
                    Ed25519Keys.privateKeyToHex(TestNode.OPERATOR_KEYS.getPrivate()));
                final NodeCommand command = new NodeCommand();
                new CommandLine(command).parseArgs("--chain-rpc", anvil.url(), "--chain-contract",
                    Hex.toHex(chain.vault), "--chain-key-file", ethKey.toString(), "--chain-operator-key-file",
                    nodeKey.toString(), "--chain-confirmations", "2", "--chain-poll-ms", "100");
                try (ChainBridge bridge = io.poolbook.gateway.chain.BridgeOptions.start(command.chain.resolve(),
                    node.node, this::log))
                {
                    // Two confirmations: nothing is credited until two more blocks exist.
                    awaitEngine("the confirmed deposits", () -> balance(node, LP, BASE) == 200_000);
                    TestClient.pollFor(300);
                    assertEquals(0, balance(node, LP, QUOTE), "the last deposit is not confirmed yet: " + bridgeLog);
                    anvil.mine(2);
                    awaitEngine("deposits credited", () -> balance(node, ALICE, BASE) == 1_000_000 &&
                        balance(node, BOB, QUOTE) == 200_000_000 && balance(node, LP, BASE) == 200_000 &&
                        balance(node, LP, QUOTE) == 20_000_000 && bridge.depositsCredited() == 4);

                    try (TestClient alice = trader(node, chain, ALICE);
                        TestClient bob = trader(node, chain, BOB);
                        TestClient lp = trader(node, chain, LP))
                    {
                        assertTrue(lp.client.addLiquidity(1, MARKET, 100_000, 10_000_000, 1));
                        TestClient.await("liquidity", () -> lp.received.stream().anyMatch((l) ->
                            l.startsWith("LiquidityAdded")), lp);
                        assertTrue(alice.client.limit(1, MARKET, Side.SELL, 100, 1_000));
                        TestClient.await("alice's order", () -> !alice.orderIds.isEmpty(), alice);
                        // Bob buys 3,000 up to 105: 1,000 from alice's order, the rest from the pool.
                        assertTrue(bob.client.limit(2, MARKET, Side.BUY, 105, 3_000));
                        TestClient.await("bob filled", () -> bob.filledQuantity == 3_000, bob, alice);
                        final long bobAccepted = bob.accepted;
                        final long aliceAccepted = alice.accepted;
                        assertTrue(bob.client.withdraw(3, BASE, 2_500));
                        assertTrue(alice.client.withdraw(4, QUOTE, 40_000));
                        TestClient.await("withdrawals", () -> bob.accepted > bobAccepted &&
                            alice.accepted > aliceAccepted, bob, alice);
                        assertTrue(bob.commandRejects.isEmpty() && alice.commandRejects.isEmpty(),
                            bob.received + " " + alice.received);
                        cut(node);
                        awaitChain("batch 0 settled", () -> chain.contract.nextIndex() == 1);

                        // A second batch: a direct swap by alice and a withdrawal by the LP.
                        assertTrue(alice.client.swap(5, MARKET, Side.SELL, 1_000, 1));
                        TestClient.await("swap", () -> alice.swapOut > 0, alice);
                        final long lpAccepted = lp.accepted;
                        assertTrue(lp.client.withdraw(6, BASE, 10_000));
                        TestClient.await("lp withdrawal", () -> lp.accepted > lpAccepted, lp);
                        assertTrue(lp.commandRejects.isEmpty() && alice.commandRejects.isEmpty(), lp.received + "");
                        cut(node);
                        awaitChain("batch 1 settled", () -> chain.contract.nextIndex() == 2);
                    }
                    awaitChain("the bridge saw both receipts", () -> bridge.batchesPosted() == 2);
                    assertNull(bridge.batchMismatch());
                    assertNull(bridge.reorg());
                }
                assertTrue(bridgeLog.stream().anyMatch((l) -> l.contains("batch 1 accepted on chain")), "" + bridgeLog);

                // Bob takes his tokens out with what ./poolbook withdraw-proof prints, sending it himself.
                final Path dataDir = node.config.dataDir();
                final List<String> bobCalls = withdrawProof(0, dataDir.toString(), "--account",
                    Hex.toHex(chain.users[1].address()), "--json", "--rpc", anvil.url(), "--contract",
                    Hex.toHex(chain.vault));
                assertTrue(bobCalls.stream().anyMatch((l) -> l.contains("\"function\":\"applyWithdrawal\"") &&
                    l.contains("\"delta\":\"-" + BigInteger.valueOf(2_500).multiply(UNIT) + "\"") &&
                    l.contains("\"settled\":true")), "" + bobCalls);
                final TransactionSender bobSender = new TransactionSender(chain.rpc, chain.users[1],
                    TransactionSender.GasSettings.auto());
                for (final String line : bobCalls)
                {
                    final java.util.regex.Matcher calldata =
                        java.util.regex.Pattern.compile("\"calldata\":\"(0x[0-9a-f]+)\"").matcher(line);
                    assertTrue(calldata.find(), line);
                    assertTrue(bobSender.sendAndWait(chain.vault, Hex.fromHex(calldata.group(1))).success(), line);
                }
                // Bad input: a malformed address is a usage error, an address without leaves a failure.
                assertTrue(withdrawProof(2, dataDir.toString(), "--account", "0x1234").isEmpty());
                assertTrue(withdrawProof(1, dataDir.toString(), "--account", Hex.toHex(new byte[19]) + "77").isEmpty());
                assertTrue(withdrawProof(1, root.resolve("nowhere").toString(), "--account",
                    Hex.toHex(chain.users[1].address())).isEmpty());

                // Anyone (here a relayer) applies every other leaf; the withdrawals pay the accounts' wallets.
                final EthKey relayer = EthKey.generate();
                anvil.fund(relayer);
                final TransactionSender relay = new TransactionSender(chain.rpc, relayer,
                    TransactionSender.GasSettings.auto());
                final List<WithdrawalProofs.LeafCall> calls =
                    WithdrawalProofs.calls(dataDir.resolve("settlement"), null, 0);
                assertTrue(calls.stream().filter(WithdrawalProofs.LeafCall::withdrawal).count() >= 3, "" + calls);
                for (final WithdrawalProofs.LeafCall call : calls)
                {
                    if (java.util.Arrays.equals(call.account(), chain.users[1].address()))
                    {
                        final io.poolbook.gateway.chain.ChainRpcException refused = org.junit.jupiter.api.Assertions
                            .assertThrows(io.poolbook.gateway.chain.ChainRpcException.class,
                                () -> relay.send(chain.vault, call.calldata()), "a second time: " + call.describe());
                        assertTrue(refused.getMessage().contains("revert"), refused.getMessage());
                        continue;
                    }
                    final TransactionSender.Receipt receipt = relay.sendAndWait(chain.vault, call.calldata());
                    assertTrue(receipt.success(), call.describe());
                    System.out.println("gas " + receipt.gasUsed() + " " + call.describe());
                }
                assertEquals(BigInteger.valueOf(2_500).multiply(UNIT),
                    chain.contract.tokenBalance(chain.base, chain.users[1].address()), "bob's wallet got his BASE");
                assertEquals(BigInteger.valueOf(40_000).multiply(UNIT),
                    chain.contract.tokenBalance(chain.quote, chain.users[0].address()), "alice's wallet got her QUOTE");
                assertEquals(BigInteger.valueOf(10_000).multiply(UNIT),
                    chain.contract.tokenBalance(chain.base, chain.users[2].address()), "the LP's wallet got its BASE");
                assertSettledEqualsEngine(chain, node);
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aBridgeKilledMidDepositAndMidBatchRestartsWithoutLosingOrRepeatingAnything() throws Exception
    {
        final Chain chain = new Chain();
        try (Anvil anvil = Anvil.start())
        {
            deploy(chain, anvil);
            try (TestNode node = TestNode.launch(root);
                TestClient operator = new TestClient("operator", node.aeron, node.ipcClient(), 0,
                    TestNode.OPERATOR_KEYS).logon(false))
            {
                setUpMarket(chain, operator);
                operator.close(); // one session per account: the bridge logs on as the operator to credit deposits
                deposit(chain, 0, chain.base, 1_000_000);
                deposit(chain, 1, chain.quote, 200_000_000);
                deposit(chain, 2, chain.base, 300_000);

                // Killed after handing the second deposit to the engine, before recording it anywhere.
                final ChainBridge first = ChainBridge.start(bridgeConfig(chain, node, anvil.url(), new BridgeFaults()
                {
                    public void afterDepositSent(final long depositId)
                    {
                        if (depositId == 1)
                        {
                            throw new BridgeFaults.Crash("after deposit " + depositId);
                        }
                    }
                }), this::log);
                awaitEngine("the first bridge dies", first::crashed);
                first.close();
                assertEquals(1_000_000, balance(node, ALICE, BASE));
                assertEquals(200_000_000, balance(node, BOB, QUOTE), "the deposit in flight reached the engine");
                assertEquals(0, balance(node, LP, BASE));

                // The restarted bridge re-reads the same blocks: credits the third deposit, not the second again.
                try (ChainBridge second = ChainBridge.start(bridgeConfig(chain, node, anvil.url(), BridgeFaults.NONE),
                    this::log))
                {
                    awaitEngine("the third deposit", () -> balance(node, LP, BASE) == 300_000);
                    TestClient.pollFor(500);
                    assertEquals(1, second.depositsCredited(), "only the deposit not yet in the journal: " + bridgeLog);
                }
                assertEquals(1_000_000, balance(node, ALICE, BASE));
                assertEquals(200_000_000, balance(node, BOB, QUOTE), "not credited twice");
                assertEquals(3, journaledDeposits(node), "one Deposit command per chain deposit");

                // The RPC is down: the bridge says so and retries; the node keeps trading meanwhile.
                final int closedPort;
                try (java.net.ServerSocket socket = new java.net.ServerSocket(0))
                {
                    closedPort = socket.getLocalPort();
                }
                try (ChainBridge down = ChainBridge.start(bridgeConfig(chain, node, "http://127.0.0.1:" + closedPort,
                    BridgeFaults.NONE), this::log))
                {
                    awaitEngine("the bridge reports the RPC down", () -> null != down.lastError());
                    assertTrue(down.lastError().contains("unreachable"), down.lastError());
                    try (TestClient alice = trader(node, chain, ALICE))
                    {
                        assertTrue(alice.client.limit(1, MARKET, Side.SELL, 1_000_000, 1));
                        TestClient.await("the node trades while the chain is away", () -> !alice.orderIds.isEmpty(),
                            alice);
                    }
                }

                // Killed after sending settleBatch 0, with the chain not mining: the transaction is pending.
                try (TestClient alice = trader(node, chain, ALICE); TestClient bob = trader(node, chain, BOB))
                {
                    assertTrue(alice.client.limit(2, MARKET, Side.SELL, 100, 500));
                    assertTrue(bob.client.limit(3, MARKET, Side.BUY, 100, 500));
                    TestClient.await("trade", () -> bob.filledQuantity == 500, alice, bob);
                    final long accepted = bob.accepted;
                    assertTrue(bob.client.withdraw(4, BASE, 500));
                    TestClient.await("withdrawal", () -> bob.accepted > accepted, bob);
                }
                chain.rpc.call("evm_setAutomine", "[false]");
                cut(node);
                final ChainBridge killed = ChainBridge.start(bridgeConfig(chain, node, anvil.url(), new BridgeFaults()
                {
                    public void afterBatchSent(final long index)
                    {
                        throw new BridgeFaults.Crash("after sending batch " + index);
                    }
                }), this::log);
                awaitEngine("the batch bridge dies", killed::crashed);
                killed.close();
                assertEquals(0, chain.contract.nextIndex(), "not mined yet");
                assertEquals(1, chain.rpc.nonce(chain.operator.address(), "pending"), "one transaction in flight");

                try (ChainBridge restarted = ChainBridge.start(bridgeConfig(chain, node, anvil.url(),
                    BridgeFaults.NONE), this::log))
                {
                    awaitEngine("the restarted bridge sees the pending transaction", () -> bridgeLog.stream()
                        .anyMatch((l) -> l.contains("still pending; waiting for it before batch 0")));
                    chain.rpc.call("evm_setAutomine", "[true]");
                    anvil.mine(1);
                    awaitChain("batch 0 on chain", () -> chain.contract.nextIndex() == 1);
                    TestClient.pollFor(500);
                    assertEquals(0, restarted.batchesPosted(), "the restarted bridge did not post batch 0 again");

                    // It carries on with the next batch, once.
                    cut(node);
                    awaitChain("batch 1 on chain", () -> chain.contract.nextIndex() == 2);
                    TestClient.pollFor(500);
                    assertEquals(1, restarted.batchesPosted());
                }
                assertEquals(2, chain.rpc.nonce(chain.operator.address(), "latest"),
                    "the operator sent exactly one settleBatch per batch");
                for (final WithdrawalProofs.LeafCall call :
                    WithdrawalProofs.calls(node.config.dataDir().resolve("settlement"), null, 0))
                {
                    assertTrue(new TransactionSender(chain.rpc, chain.users[2], TransactionSender.GasSettings.auto())
                        .sendAndWait(chain.vault, call.calldata()).success(), call.describe());
                }
                assertEquals(BigInteger.valueOf(500).multiply(UNIT),
                    chain.contract.tokenBalance(chain.base, chain.users[1].address()), "bob's withdrawal paid once");
                assertSettledEqualsEngine(chain, node);
            }
        }
    }

    /** Runs {@code poolbook withdraw-proof}, checks its exit code and returns its output lines. */
    private static List<String> withdrawProof(final int exitCode, final String... args)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final int code = new CommandLine(new io.poolbook.gateway.chain.WithdrawProofCommand(
            new java.io.PrintStream(out, true), new java.io.PrintStream(err, true))).execute(args);
        assertEquals(exitCode, code, "withdraw-proof " + String.join(" ", args) + ": " + out + err);
        if (exitCode != 0)
        {
            assertTrue(err.toString().startsWith("poolbook withdraw-proof: "), err.toString());
            System.out.println(err.toString().strip());
        }
        return out.toString().lines().toList();
    }

    private void log(final String line)
    {
        bridgeLog.add(line);
        System.out.println(line);
    }

    private static BridgeConfig bridgeConfig(final Chain chain, final TestNode node, final String rpcUrl,
        final BridgeFaults faults)
    {
        return new BridgeConfig()
            .dataDir(node.config.dataDir())
            .rpcUrl(rpcUrl)
            .contract(chain.vault)
            .operatorEthKey(chain.operator)
            .confirmations(0)
            .gas(new TransactionSender.GasSettings(0, null, null, 20_000))
            .aeronDir(node.config.aeronDir())
            .client(node.ipcClient())
            .operatorAccountId(0)
            .operatorNodeKey(TestNode.OPERATOR_KEYS.getPrivate())
            .pollIntervalMs(50)
            .maxBackoffMs(200)
            .rpcTimeoutMs(2_000)
            .faults(faults);
    }

    /** Deploys the vault (operator: a key that sends nothing else) and two tokens, and funds the users. */
    private static void deploy(final Chain chain, final Anvil anvil) throws Exception
    {
        chain.anvil = anvil;
        chain.rpc = anvil.rpc();
        final Anvil.Bytecode code = Anvil.compile();
        chain.operator = EthKey.generate();
        final EthKey deployer = EthKey.generate();
        anvil.fund(chain.operator);
        anvil.fund(deployer);
        for (final EthKey user : chain.users)
        {
            anvil.fund(user);
        }
        final TransactionSender sender = new TransactionSender(chain.rpc, deployer, TransactionSender.GasSettings.auto());
        final byte[] constructor = new AbiEncoder().address(chain.operator.address()).toByteArray();
        final byte[] creation = new byte[code.vault().length + constructor.length];
        System.arraycopy(code.vault(), 0, creation, 0, code.vault().length);
        System.arraycopy(constructor, 0, creation, code.vault().length, constructor.length);
        chain.vault = deployed(sender.sendAndWait(null, creation), "vault");
        chain.base = deployed(sender.sendAndWait(null, code.token()), "base token");
        chain.quote = deployed(sender.sendAndWait(null, code.token()), "quote token");
        chain.contract = new SettlementContract(chain.rpc, chain.vault);
        System.out.println("vault " + Hex.toHex(chain.vault) + " tokens " + Hex.toHex(chain.base) + " " +
            Hex.toHex(chain.quote));
    }

    private static byte[] deployed(final TransactionSender.Receipt receipt, final String what)
    {
        assertTrue(receipt.success(), what + " deployment failed");
        assertNotNull(receipt.contractAddress(), what);
        return receipt.contractAddress();
    }

    private static void setUpMarket(final Chain chain, final TestClient operator)
    {
        final long before = operator.accepted;
        operator.client.addAsset(BASE, "BASE", SCALE, DECIMALS, chain.base);
        operator.client.addAsset(QUOTE, "QUOTE", SCALE, DECIMALS, chain.quote);
        operator.client.addMarket(MARKET, BASE, QUOTE, 1, 1, 1, 1_000_000_000L, 0, 10);
        operator.client.createPool(MARKET, 30, false);
        for (int i = 0; i < 3; i++)
        {
            operator.client.registerAccount(i + 1, Ed25519Keys.raw(chain.nodeKeys[i].getPublic()),
                chain.users[i].address());
        }
        TestClient.await("market set up", () -> operator.accepted - before >= 7, operator);
        assertTrue(operator.commandRejects.isEmpty(), "set-up refused: " + operator.received);
    }

    /** Mints, approves and deposits on chain as user {@code user}. */
    private static void deposit(final Chain chain, final int user, final byte[] token, final long engineUnits)
    {
        final BigInteger amount = BigInteger.valueOf(engineUnits).multiply(UNIT);
        final TransactionSender sender = new TransactionSender(chain.rpc, chain.users[user],
            TransactionSender.GasSettings.auto());
        final byte[] mint = new AbiEncoder().raw(AbiEncoder.selector("mint(address,uint256)"))
            .address(chain.users[user].address()).uint256(amount).toByteArray();
        assertTrue(sender.sendAndWait(token, mint).success(), "mint");
        assertTrue(sender.sendAndWait(token, SettlementContract.approveCall(chain.vault, amount)).success(), "approve");
        final TransactionSender.Receipt receipt = sender.sendAndWait(chain.vault,
            SettlementContract.depositCall(token, amount));
        assertTrue(receipt.success(), "deposit");
        System.out.println("gas " + receipt.gasUsed() + " deposit");
    }

    private static TestClient trader(final TestNode node, final Chain chain, final int accountId)
    {
        return new TestClient("account " + accountId, node.aeron, node.ipcClient(), accountId,
            chain.nodeKeys[accountId - 1]).logon(false);
    }

    private static long balance(final TestNode node, final int accountId, final int assetId)
    {
        final Engine engine = node.node.engine();
        final Account account = engine.accounts().get(accountId);
        if (null == account)
        {
            return 0;
        }
        final int index = engine.assets().get(assetId).index();
        return account.available(index) + account.locked(index);
    }

    private static long journaledDeposits(final TestNode node)
    {
        final long[] count = {0};
        new io.poolbook.replay.journal.JournalReader(node.config.dataDir().resolve(Node.JOURNAL_DIR), false).read(1,
            (sequence, timestamp, session, buffer, offset, length) ->
            {
                final io.poolbook.codecs.MessageHeaderDecoder header = new io.poolbook.codecs.MessageHeaderDecoder();
                header.wrap(buffer, offset);
                if (header.templateId() == io.poolbook.codecs.DepositDecoder.TEMPLATE_ID)
                {
                    count[0]++;
                }
            });
        return count[0];
    }

    /**
     * Every settled balance on chain equals the engine's balance (available plus locked) of the accounts with that
     * address, and each token's vault holdings equal the settled balances plus the pool's reserves.
     */
    private static void assertSettledEqualsEngine(final Chain chain, final TestNode node)
    {
        final Engine engine = node.node.engine();
        final List<byte[]> addresses = new ArrayList<>();
        addresses.add(new byte[20]);
        for (final EthKey user : chain.users)
        {
            addresses.add(user.address());
        }
        for (final int assetId : new int[]{BASE, QUOTE})
        {
            final Asset asset = engine.assets().get(assetId);
            final byte[] token = asset.tokenAddress();
            BigInteger settled = BigInteger.ZERO;
            for (final byte[] address : addresses)
            {
                long engineBalance = 0;
                for (int i = 0; i < engine.accounts().size(); i++)
                {
                    final Account account = engine.accounts().atIndex(i);
                    if (java.util.Arrays.equals(account.chainAddress(), address))
                    {
                        engineBalance += account.available(asset.index()) + account.locked(asset.index());
                    }
                }
                final BigInteger onChain = chain.contract.balanceOf(address, token);
                assertEquals(BigInteger.valueOf(engineBalance).multiply(UNIT), onChain,
                    "settled balance of " + Hex.toHex(address) + " in asset " + assetId);
                settled = settled.add(onChain);
            }
            final io.poolbook.amm.ConstantProductPool pool = engine.markets().get(MARKET).pool();
            final long reserve = assetId == BASE ? pool.baseReserve() : pool.quoteReserve();
            assertEquals(settled.add(BigInteger.valueOf(reserve).multiply(UNIT)),
                chain.contract.tokenBalance(token, chain.vault), "vault holdings of asset " + assetId);
            assertArrayEquals(token, assetId == BASE ? chain.base : chain.quote);
        }
    }

    private static void awaitEngine(final String what, final BooleanSupplier condition)
    {
        TestClient.await(what, 30_000, condition);
    }

    private static void awaitChain(final String what, final BooleanSupplier condition)
    {
        TestClient.await(what, 30_000, condition);
    }

    /** The operator logs on (once the bridge has logged off), cuts a settlement batch and logs off. */
    private static void cut(final TestNode node)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true)
        {
            try (TestClient operator = new TestClient("operator", node.aeron, node.ipcClient(), 0,
                TestNode.OPERATOR_KEYS))
            {
                operator.client.logon(0, TestNode.OPERATOR_KEYS.getPrivate(), false);
                if (operator.client.awaitLogon(5_000))
                {
                    final long before = operator.accepted;
                    assertTrue(operator.client.cutSettlementBatch());
                    TestClient.await("batch cut", () -> operator.accepted > before, operator);
                    return;
                }
                if (System.nanoTime() > deadline)
                {
                    throw new AssertionError("the operator cannot log on: " + operator.client.logonReason());
                }
            }
            TestClient.sleep(100);
        }
    }
}
