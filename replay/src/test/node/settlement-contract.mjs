// The settlement contract against batches the Java code wrote, in an in-process EVM.
//
// Usage: node settlement-contract.mjs SETTLEMENT_DIR
//
// SETTLEMENT_DIR holds what SettlementContractTest wrote: batch-NNNNNNNNNN.json and .calldata files from
// SettlementBatchWriter, and scenario.json (tokens, on-chain deposits, the withdrawals the engine accepted, and
// the engine's final balances in chain units). The script compiles replay/src/main/solidity with solc-js, deploys
// the vault and test tokens (at the token addresses the batches name) into @ethereumjs/vm, and checks that the
// Java calldata and both trees' proofs (trading deltas and withdrawals) are accepted once, that withdrawals pay
// the right tokens to the right accounts, and that wrong calls are refused with the named custom errors. It
// prints one line per check and the gas of every kind of transaction, and exits with 1 if any check failed.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createLegacyTx } from '@ethereumjs/tx';
import { Address, createAccount, bytesToHex, hexToBytes } from '@ethereumjs/util';
import { createVM, runTx } from '@ethereumjs/vm';
import { keccak_256 } from '@noble/hashes/sha3.js';

const require = createRequire(import.meta.url);
const solc = require('solc');

const HERE = dirname(fileURLToPath(import.meta.url));
const SOLIDITY_DIR = resolve(HERE, '../../main/solidity');
const NODE_MODULES = join(HERE, 'node_modules');
const EVM_VERSION = 'prague';

// ------------------------------------------------------------------ checks and output

let passed = 0;
const failures = [];

function check(condition, description, detail = '') {
    if (condition) {
        passed++;
        console.log(`ok    ${description}`);
    } else {
        failures.push(description);
        console.log(`FAIL  ${description}${detail ? ` -- ${detail}` : ''}`);
    }
    return condition;
}

const gasRows = [];

function gas(what, amount, note = '') {
    gasRows.push({ what, amount, note });
    console.log(`gas   ${what}: ${amount}${note ? ` (${note})` : ''}`);
}

// ------------------------------------------------------------------ hex, keccak, ABI

const keccak = (bytes) => keccak_256(bytes);
const keccakHex = (text) => bytesToHex(keccak(new TextEncoder().encode(text)));
const strip = (hex) => (hex.startsWith('0x') ? hex.slice(2) : hex);
const lower = (hex) => hex.toLowerCase();
const MOD = 1n << 256n;

function word(value) {
    if (typeof value === 'bigint' || typeof value === 'number') {
        const v = ((BigInt(value) % MOD) + MOD) % MOD; // two's complement for negatives
        return v.toString(16).padStart(64, '0');
    }
    const hex = strip(value);
    if (hex.length === 40) return hex.padStart(64, '0'); // address
    if (hex.length === 64) return hex; // bytes32
    throw new Error(`cannot encode ${value}`);
}

/** Calldata for a function whose arguments are static words and, optionally, one trailing bytes32[]. */
function encodeCall(selector, args, array) {
    let hex = strip(selector) + args.map(word).join('');
    if (array !== undefined) {
        // the array's head is the offset of its tail, which follows the heads: length, then the elements
        hex += word((args.length + 1) * 32) + word(array.length) + array.map(word).join('');
    }
    return '0x' + hex;
}

function readWord(hex, i) {
    return '0x' + strip(hex).slice(i * 64, (i + 1) * 64);
}

function decodeValue(type, wordHex) {
    const v = BigInt(wordHex);
    if (type === 'address') return '0x' + strip(wordHex).slice(24);
    if (type === 'bool') return v !== 0n;
    if (type.startsWith('bytes')) return wordHex;
    if (type.startsWith('int')) return v >= 1n << 255n ? v - MOD : v;
    return v;
}

// ------------------------------------------------------------------ compile

function compile() {
    const sources = {
        'PoolbookSettlement.sol': { content: readFileSync(join(SOLIDITY_DIR, 'PoolbookSettlement.sol'), 'utf8') },
        'TestToken.sol': { content: readFileSync(join(HERE, 'contracts', 'TestToken.sol'), 'utf8') },
    };
    const input = {
        language: 'Solidity',
        sources,
        settings: {
            optimizer: { enabled: true, runs: 200 },
            evmVersion: EVM_VERSION,
            outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.methodIdentifiers'] } },
        },
    };
    const findImports = (path) => {
        try {
            return { contents: readFileSync(join(NODE_MODULES, path), 'utf8') };
        } catch (e) {
            return { error: `not found: ${path}` };
        }
    };
    const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
    const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
    for (const e of output.errors ?? []) console.log(`solc  ${e.formattedMessage.trim()}`);
    if (errors.length > 0) throw new Error('compilation failed');
    return {
        vault: output.contracts['PoolbookSettlement.sol'].PoolbookSettlement,
        token: output.contracts['TestToken.sol'].TestToken,
    };
}

/** Selectors, error and event signatures of a compiled contract. */
function describe(contract) {
    const sig = (item) => `${item.name}(${item.inputs.map((i) => i.type).join(',')})`;
    const fn = {};
    for (const [signature, selector] of Object.entries(contract.evm.methodIdentifiers)) {
        fn[signature.slice(0, signature.indexOf('('))] = '0x' + selector;
    }
    const errors = {};
    const events = {};
    for (const item of contract.abi) {
        if (item.type === 'error') errors[keccakHex(sig(item)).slice(0, 10)] = item;
        if (item.type === 'event') events[keccakHex(sig(item))] = item;
    }
    return { fn, errors, events };
}

// ------------------------------------------------------------------ the EVM

const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
const vm = await createVM({ common });

const addr = (hex) => new Address(hexToBytes(hex));

/** Runs a transaction as `from` without a signature (the batches fix the addresses; we have no keys for them). */
async function send(from, to, data) {
    const sender = addr(from);
    const account = await vm.stateManager.getAccount(sender);
    const tx = createLegacyTx(
        {
            nonce: account?.nonce ?? 0n,
            to: to ? addr(to) : undefined,
            data: hexToBytes(data),
            gasLimit: 15_000_000n,
            gasPrice: 10n,
        },
        { common, freeze: false });
    tx.getSenderAddress = () => sender;
    const result = await runTx(vm, { tx, skipBalance: true, skipHardForkValidation: true });
    const error = result.execResult.exceptionError;
    return {
        ok: error === undefined,
        gas: result.totalGasSpent,
        returnValue: bytesToHex(result.execResult.returnValue),
        logs: result.execResult.logs ?? [],
        created: result.createdAddress?.toString(),
    };
}

async function call(to, data) {
    const result = await vm.evm.runCall({ to: addr(to), data: hexToBytes(data), gasLimit: 15_000_000n });
    if (result.execResult.exceptionError) throw new Error(`call reverted: ${result.execResult.exceptionError.error}`);
    return bytesToHex(result.execResult.returnValue);
}

// ------------------------------------------------------------------ inputs

const dir = process.argv[2];
if (!dir) {
    console.error('usage: node settlement-contract.mjs SETTLEMENT_DIR');
    process.exit(2);
}
const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
const batches = readdirSync(dir).filter((f) => /^batch-\d+\.json$/.test(f)).sort().map((f) => {
    const json = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    json.calldataFile = lower(readFileSync(join(dir, f.replace('.json', '.calldata')), 'utf8').trim());
    return json;
});
console.log(`input ${batches.length} batches, ${scenario.deposits.length} deposits, `
    + `${scenario.withdrawals.length} withdrawals from ${dir}`);
if (batches.length < 3) throw new Error('the scenario must have at least three batches');

// ------------------------------------------------------------------ run

const started = Date.now();
const compiled = compile();
console.log(`solc  ${solc.version()} compiled in ${Date.now() - started} ms`);
const V = describe(compiled.vault);
const T = describe(compiled.token);

const OPERATOR = '0x00000000000000000000000000000000000000e1';
const STRANGER = '0x00000000000000000000000000000000000000e2';
const KEEPER = '0x00000000000000000000000000000000000000e3'; // applies leaves for others

/** The named custom error of a failed transaction, with its arguments. */
function revertReason(result) {
    const data = result.returnValue;
    const item = V.errors[data.slice(0, 10)];
    if (!item) return { name: data === '0x' ? '(no data)' : `(unknown ${data.slice(0, 10)})`, args: [] };
    const body = data.slice(10);
    return { name: item.name, args: item.inputs.map((input, i) => decodeValue(input.type, readWord(body, i))) };
}

function show(v) {
    return typeof v === 'bigint' ? v.toString() : String(v);
}

function expectOk(result, description) {
    const reason = result.ok ? undefined : revertReason(result);
    const detail = reason ? `reverted with ${reason.name}(${reason.args.map(show)})` : '';
    return check(result.ok, description, detail);
}

function expectRevert(result, errorName, description, args) {
    if (result.ok) return check(false, description, `accepted; expected ${errorName}`);
    const reason = revertReason(result);
    let same = reason.name === errorName;
    if (same && args !== undefined) {
        same = args.every((a, i) => a === undefined || lower(show(a)) === lower(show(reason.args[i])));
    }
    return check(same, `${description}: ${errorName}`, `got ${reason.name}(${reason.args.map(show)})`);
}

/** Sends a transaction that must revert with the named error. */
async function refuse(from, to, data, errorName, description, args) {
    return expectRevert(await send(from, to, data), errorName, description, args);
}

/** Events of one name in a transaction's logs, decoded (all our event arguments are static). */
function events(result, name) {
    const out = [];
    for (const [addressBytes, topics, data] of result.logs) {
        const item = V.events[bytesToHex(topics[0])];
        if (!item || item.name !== name) continue;
        const decoded = { address: bytesToHex(addressBytes) };
        let t = 1;
        let d = 0;
        for (const input of item.inputs) {
            decoded[input.name] = input.indexed
                ? decodeValue(input.type, bytesToHex(topics[t++]))
                : decodeValue(input.type, readWord(bytesToHex(data), d++));
        }
        out.push(decoded);
    }
    return out;
}

// deploy the vault and the tokens
const deployVault = await send(OPERATOR, undefined, '0x' + compiled.vault.evm.bytecode.object + word(OPERATOR));
expectOk(deployVault, 'vault deployed with the operator');
gas('deploy PoolbookSettlement', deployVault.gas);
const VAULT = deployVault.created;

const deployToken = await send(OPERATOR, undefined, '0x' + compiled.token.evm.bytecode.object);
expectOk(deployToken, 'test token deployed');
const tokenCode = await vm.stateManager.getCode(addr(deployToken.created));
for (const token of scenario.tokens) {
    await vm.stateManager.putAccount(addr(token.address), createAccount({ nonce: 1n, balance: 0n }));
    await vm.stateManager.putCode(addr(token.address), tokenCode);
}

const balanceOf = async (account, token) =>
    decodeValue('int256', await call(VAULT, encodeCall(V.fn.balanceOf, [account, token])));
const tokenBalance = async (token, account) =>
    BigInt(await call(token, encodeCall(T.fn.balanceOf, [account])));

// deposits: mint, approve, deposit; the engine credited the same amounts
const zero = '0x' + '0'.repeat(64);
const depositGas = [];
for (const dep of scenario.deposits) {
    const amount = BigInt(dep.amount);
    await send(dep.account, dep.token, encodeCall(T.fn.mint, [dep.account, amount]));
    await send(dep.account, dep.token, encodeCall(T.fn.approve, [VAULT, amount]));
    const result = await send(dep.account, VAULT, encodeCall(V.fn.deposit, [dep.token, amount]));
    const logged = events(result, 'Deposited')[0];
    expectOk(result, `deposit ${amount} of ${dep.symbol} by ${dep.account}`)
        && check(logged?.account === lower(dep.account) && logged?.amount === amount, '  Deposited event');
    depositGas.push(result.gas);
}
gas('deposit', depositGas[0], 'first deposit of a token by an account');
await refuse(scenario.deposits[0].account, VAULT, encodeCall(V.fn.deposit, [scenario.tokens[0].address, 0]),
    'ZeroAmount', 'a deposit of nothing');

// --- settlement: refusals before batch 0 is accepted
const [b0, b1, b2] = batches;
check(b0.calldataFile === lower(b0.calldata), 'batch 0 .calldata file equals the JSON calldata');
check(b0.calldataFile.startsWith(V.fn.settleBatch), `the Java selector is the contract's settleBatch ${V.fn.settleBatch}`);
check(strip(b0.calldataFile).length === 2 * (4 + 10 * 32), 'the calldata is the selector and ten words');

/** Calldata with one 32-byte argument word replaced. */
function withWord(calldata, index, value) {
    const hex = strip(calldata);
    const at = 8 + index * 64;
    return '0x' + hex.slice(0, at) + word(value) + hex.slice(at + 64);
}

/** A 32-byte hex word with the lowest bit of one byte flipped. */
function flipByte(hex32, byteIndex = 31) {
    const bytes = hexToBytes(hex32);
    bytes[byteIndex] ^= 0x01;
    return bytesToHex(bytes);
}

await refuse(STRANGER, VAULT, b0.calldataFile, 'NotOperator', 'batch 0 from a non-operator', [STRANGER]);
await refuse(OPERATOR, VAULT, b1.calldataFile, 'UnexpectedBatchIndex', 'batch 1 before batch 0 (out of order)', [0n, 1n]);
const wrongPrev = flipByte(zero, 7);
await refuse(OPERATOR, VAULT, withWord(b0.calldataFile, 1, wrongPrev), 'PrevBatchHashMismatch',
    'batch 0 with a wrong prevBatchHash', [zero, wrongPrev]);
await refuse(OPERATOR, VAULT, withWord(b0.calldataFile, 3, BigInt(b0.fromSequence) + 1n), 'JournalRangeMismatch',
    'batch 0 starting after the journal\'s first sequence', [1n, BigInt(b0.fromSequence) + 1n]);
const leaf0 = b0.leaves[0];
const applyData = (index, leaf, delta = BigInt(leaf.delta), proof = leaf.proof) =>
    encodeCall(V.fn.applyDelta, [index, leaf.account, leaf.token, delta], proof);
const withdrawData = (index, leaf, delta = BigInt(leaf.delta), proof = leaf.proof) =>
    encodeCall(V.fn.applyWithdrawal, [index, leaf.account, leaf.token, delta], proof);
const w0 = b0.withdrawals.find((w) => w.proof.length > 0);
check(w0 !== undefined, 'batch 0 has a withdrawal with a proof to tamper with');
await refuse(KEEPER, VAULT, applyData(0, leaf0), 'BatchNotSettled', 'a delta of batch 0 before it is settled', [0n]);
await refuse(KEEPER, VAULT, withdrawData(0, w0), 'BatchNotSettled', 'a withdrawal of batch 0 before it is settled', [0n]);

// --- batches 0 and 1 accepted
async function settle(batch) {
    const result = await send(OPERATOR, VAULT, batch.calldataFile);
    if (!expectOk(result, `batch ${batch.index} from the operator: accepted`)) return result;
    const logged = events(result, 'BatchSettled')[0];
    check(logged?.batchHash === lower(batch.batchHash),
        `  BatchSettled carries the Java batchHash ${batch.batchHash.slice(0, 18)}...`);
    check(logged?.deltasRoot === lower(batch.deltasRoot) && logged?.withdrawalsRoot === lower(batch.withdrawalsRoot)
        && logged?.leafCount === BigInt(batch.leafCount) && logged?.withdrawalCount === BigInt(batch.withdrawalCount),
        '  BatchSettled carries both roots and counts');
    const fromEvent = logged && bytesToHex(keccak(hexToBytes('0x' + [logged.index, logged.prevBatchHash, logged.journalHash,
        logged.fromSequence, logged.toSequence, logged.deltasRoot, logged.leafCount, logged.withdrawalsRoot,
        logged.withdrawalCount, logged.contentHash].map(word).join(''))));
    check(fromEvent === lower(batch.batchHash), '  keccak256 of the BatchSettled fields is the batchHash');
    check(lower(await call(VAULT, V.fn.lastBatchHash)) === lower(batch.batchHash), '  lastBatchHash() equals the Java batchHash');
    check(BigInt(await call(VAULT, V.fn.nextIndex)) === BigInt(batch.index) + 1n, `  nextIndex() is ${batch.index + 1}`);
    check(lower(await call(VAULT, encodeCall(V.fn.withdrawalsRoots, [batch.index]))) === lower(batch.withdrawalsRoot),
        '  withdrawalsRoots() stores the Java withdrawalsRoot');
    gas(`settleBatch ${batch.index}`, result.gas, `${batch.leafCount} deltas, ${batch.withdrawalCount} withdrawals`);
    return result;
}

await settle(b0);
await refuse(OPERATOR, VAULT, b0.calldataFile, 'UnexpectedBatchIndex', 'batch 0 a second time', [1n, 0n]);
await refuse(OPERATOR, VAULT, withWord(b1.calldataFile, 1, flipByte(b1.prevBatchHash, 0)), 'PrevBatchHashMismatch',
    'batch 1 with a flipped byte in prevBatchHash', [b0.batchHash]);
await refuse(OPERATOR, VAULT, b2.calldataFile, 'UnexpectedBatchIndex', 'batch 2 right after batch 0 (skips 1)', [1n, 2n]);
await settle(b1);

// --- the withdrawals in the batches are the ones the engine accepted, summed per batch, account and token
{
    const expected = new Map();
    for (const w of scenario.withdrawals) {
        const key = `${w.batchIndex}/${lower(w.account)}/${lower(w.token)}`;
        expected.set(key, (expected.get(key) ?? 0n) - BigInt(w.amount));
    }
    const actual = new Map();
    for (const b of batches) {
        for (const w of b.withdrawals) actual.set(`${b.index}/${lower(w.account)}/${lower(w.token)}`, BigInt(w.delta));
    }
    check(expected.size === actual.size && [...expected].every(([k, v]) => actual.get(k) === v),
        `the batches' withdrawal leaves are the engine's ${scenario.withdrawals.length} withdrawals, `
        + `as ${actual.size} negative deltas per account and token`);
}

// --- proofs: bad ones refused
if (leaf0.proof.length > 0) {
    for (let i = 0; i < leaf0.proof.length; i++) {
        const proof = leaf0.proof.slice();
        proof[i] = flipByte(proof[i], i % 32);
        await refuse(KEEPER, VAULT, applyData(0, leaf0, undefined, proof), 'InvalidProof',
            `batch 0 leaf 0 with a flipped byte in proof node ${i}`);
    }
} else {
    check(false, 'batch 0 leaf 0 has a proof to tamper with');
}
await refuse(KEEPER, VAULT, applyData(0, leaf0, BigInt(leaf0.delta) + 1n),
    'InvalidProof', 'batch 0 leaf 0 with its delta plus one');
await refuse(KEEPER, VAULT, applyData(1, leaf0), 'InvalidProof', 'batch 0 leaf 0 against batch 1\'s root');
await refuse(KEEPER, VAULT, encodeCall(V.fn.applyDelta, [0, leaf0.token, leaf0.account, BigInt(leaf0.delta)], leaf0.proof),
    'InvalidProof', 'batch 0 leaf 0 with account and token swapped');

// withdrawals: a flipped byte in each proof node, a different amount, the wrong batch
for (let i = 0; i < w0.proof.length; i++) {
    const proof = w0.proof.slice();
    proof[i] = flipByte(proof[i], (i * 7) % 32);
    await refuse(KEEPER, VAULT, withdrawData(0, w0, undefined, proof), 'InvalidProof',
        `batch 0 withdrawal ${w0.account} with a flipped byte in proof node ${i}`);
}
await refuse(KEEPER, VAULT, withdrawData(0, w0, BigInt(w0.delta) - 1n), 'InvalidProof',
    'batch 0 withdrawal of one unit more');
await refuse(KEEPER, VAULT, withdrawData(1, w0), 'InvalidProof', 'batch 0 withdrawal against batch 1\'s root');
await refuse(KEEPER, VAULT, withdrawData(0, w0, -BigInt(w0.delta)), 'NotAWithdrawal',
    'a withdrawal with its sign flipped (a positive delta)');
await refuse(KEEPER, VAULT, withdrawData(0, w0, 0n), 'NotAWithdrawal', 'a withdrawal of nothing');

// one tree's leaves do not prove against the other's root
const sameLeaf = (a, b) => lower(a.account) === lower(b.account) && lower(a.token) === lower(b.token) && a.delta === b.delta;
let crossChecked = 0;
for (const batch of [b0, b1]) {
    for (const w of batch.withdrawals) {
        if (batch.leaves.some((l) => sameLeaf(l, w))) continue; // the same value is a leaf of both trees
        await refuse(KEEPER, VAULT, applyData(batch.index, w), 'InvalidProof',
            `batch ${batch.index} withdrawal leaf ${w.account} ${w.delta} presented as a delta`);
        crossChecked++;
    }
    for (const l of batch.leaves) {
        if (batch.withdrawals.some((w) => sameLeaf(l, w))) continue;
        if (BigInt(l.delta) < 0n) {
            await refuse(KEEPER, VAULT, withdrawData(batch.index, l), 'InvalidProof',
                `batch ${batch.index} delta leaf ${l.account} ${l.delta} presented as a withdrawal`);
        } else {
            await refuse(KEEPER, VAULT, withdrawData(batch.index, l), 'NotAWithdrawal',
                `batch ${batch.index} delta leaf ${l.account} +${l.delta} presented as a withdrawal`);
        }
        crossChecked++;
    }
}
check(crossChecked > 0, `${crossChecked} leaves refused in the other tree`);

// a withdrawal is paid only out of the account's settled balance: dave deposited no BTC, bought it in batch 0 and
// withdrew part of it; until his trading delta is applied his BTC balance is zero and the withdrawal waits
const btc = scenario.tokens.find((t) => t.symbol === 'BTC');
const daveAddress = scenario.withdrawals.find((w) => w.symbol === 'BTC'
    && !scenario.deposits.some((d) => d.account === w.account && d.symbol === 'BTC'))?.account;
const daveWithdrawal = b0.withdrawals.find((w) => lower(w.account) === lower(daveAddress ?? '') && lower(w.token) === lower(btc.address));
if (check(daveWithdrawal !== undefined, 'batch 0 has a BTC withdrawal by an account that deposited no BTC')) {
    await refuse(KEEPER, VAULT, withdrawData(0, daveWithdrawal), 'InsufficientBalance',
        `${daveAddress}'s BTC withdrawal before its trading delta is applied`,
        [daveAddress, btc.address, 0n, -BigInt(daveWithdrawal.delta)]);
}

// --- deltas: good ones applied once, in any order (batch 1 first, then batch 0), by a third party
async function applyAll(batch) {
    const proofGas = {};
    for (const leaf of batch.leaves) {
        const before = await balanceOf(leaf.account, leaf.token);
        const result = await send(KEEPER, VAULT, applyData(batch.index, leaf));
        const logged = events(result, 'DeltaApplied')[0];
        const delta = BigInt(leaf.delta);
        expectOk(result, `batch ${batch.index} leaf ${leaf.account} ${leaf.token} ${delta}: applied`)
            && check(await balanceOf(leaf.account, leaf.token) === before + delta && logged?.balance === before + delta,
                '  settled balance moved by the delta; DeltaApplied says so');
        await refuse(KEEPER, VAULT, applyData(batch.index, leaf), 'DeltaAlreadyApplied', '  the same leaf again',
            [BigInt(batch.index), leaf.account, leaf.token]);
        (proofGas[leaf.proof.length] ??= []).push(result.gas);
    }
    for (const [length, list] of Object.entries(proofGas)) {
        gas(`applyDelta batch ${batch.index}`, list.map(String).join(', '),
            `proof of ${length} nodes, ${list.length} leaves`);
    }
}

await applyAll(b1);
await applyAll(b0);

// --- withdrawals: paid once each, by a third party, to the account, out of its settled balance
const paid = new Map(); // account/token -> amount
async function payAll(batch) {
    const proofGas = {};
    for (const w of batch.withdrawals) {
        const amount = -BigInt(w.delta);
        const settledBefore = await balanceOf(w.account, w.token);
        const walletBefore = await tokenBalance(w.token, w.account);
        const vaultBefore = await tokenBalance(w.token, VAULT);
        const keeperBefore = await tokenBalance(w.token, KEEPER);
        const result = await send(KEEPER, VAULT, withdrawData(batch.index, w));
        const logged = events(result, 'WithdrawalPaid')[0];
        if (expectOk(result, `batch ${batch.index} withdrawal ${w.account} ${w.token} ${w.delta}: paid`)) {
            check(await tokenBalance(w.token, w.account) === walletBefore + amount
                && await tokenBalance(w.token, VAULT) === vaultBefore - amount
                && await tokenBalance(w.token, KEEPER) === keeperBefore,
                `  ${amount} of the token went from the vault to the account, none to the caller`);
            check(await balanceOf(w.account, w.token) === settledBefore - amount
                && logged?.amount === amount && logged?.balance === settledBefore - amount
                && logged?.account === lower(w.account),
                '  settled balance debited by the amount; WithdrawalPaid says so');
            const key = `${lower(w.account)}/${lower(w.token)}`;
            paid.set(key, (paid.get(key) ?? 0n) + amount);
        }
        await refuse(KEEPER, VAULT, withdrawData(batch.index, w), 'WithdrawalAlreadyApplied',
            '  the same withdrawal again', [BigInt(batch.index), w.account, w.token]);
        (proofGas[w.proof.length] ??= []).push(result.gas);
    }
    for (const [length, list] of Object.entries(proofGas)) {
        gas(`applyWithdrawal batch ${batch.index}`, list.map(String).join(', '),
            `proof of ${length} nodes, ${list.length} withdrawals`);
    }
}

await payAll(b0);
await payAll(b1);

// --- batch 2 has no leaves: accepted, and nothing proves against it
check(b2.leafCount === 0 && b2.withdrawalCount === 0, 'batch 2 has no leaves and no withdrawals');
await settle(b2);
await refuse(KEEPER, VAULT, applyData(2, leaf0), 'InvalidProof', 'a delta against the empty batch 2');
await refuse(KEEPER, VAULT, withdrawData(2, w0), 'InvalidProof', 'a withdrawal against the empty batch 2');
for (const batch of batches.slice(3)) await settle(batch);

// --- a dishonest operator: a batch of its own whose withdrawals tree (built here, not by Java) pays an address
// that has no settled balance, and the zero address. The chain accepts the root (it cannot tell), but no tokens
// leave: a withdrawal is paid only out of the account's own settled balance, and never to the zero address.
{
    const last = batches[batches.length - 1];
    const leafHash = (account, token, delta) => keccak(keccak(hexToBytes('0x' + [account, token, delta].map(word).join(''))));
    const pair = (a, b) => {
        const [x, y] = bytesToHex(a) < bytesToHex(b) ? [a, b] : [b, a];
        return keccak(new Uint8Array([...x, ...y]));
    };
    const usdc = scenario.tokens.find((t) => t.symbol === 'USDC');
    const ZERO_ADDRESS = '0x' + '0'.repeat(40);
    const bogus = [
        { account: STRANGER, token: usdc.address, delta: -(10n ** 18n) },
        { account: ZERO_ADDRESS, token: btc.address, delta: -1n },
    ];
    const [h0, h1] = bogus.map((l) => leafHash(l.account, l.token, l.delta));
    const root = bytesToHex(pair(h0, h1));
    const index = BigInt(last.index) + 1n;
    const next = BigInt(last.toSequence) + 1n;
    const result = await send(OPERATOR, VAULT, encodeCall(V.fn.settleBatch,
        [index, last.batchHash, zero, next, next, zero, 0n, root, 2n, zero]));
    expectOk(result, `batch ${index} made up by the operator, paying a stranger and the zero address: accepted`);
    await refuse(KEEPER, VAULT, encodeCall(V.fn.applyWithdrawal, [index, STRANGER, usdc.address, bogus[0].delta],
        [bytesToHex(h1)]), 'InsufficientBalance', '  its withdrawal to an address without a settled balance',
        [STRANGER, usdc.address, 0n, 10n ** 18n]);
    await refuse(KEEPER, VAULT, encodeCall(V.fn.applyWithdrawal, [index, ZERO_ADDRESS, btc.address, -1n],
        [bytesToHex(h0)]), 'WithdrawalToZeroAddress', '  its withdrawal to the zero address', [index, btc.address]);
}

// --- the end state: every settled balance is the engine's balance, every account got exactly what it withdrew,
// and the vault holds exactly what it owes
for (const e of scenario.expectedBalances) {
    const actual = await balanceOf(e.account, e.token);
    check(actual === BigInt(e.balance), `settled ${e.symbol} of ${e.account} is the engine's ${e.balance}`, `got ${actual}`);
}
{
    const withdrawn = new Map();
    for (const w of scenario.withdrawals) {
        const key = `${lower(w.account)}/${lower(w.token)}`;
        withdrawn.set(key, (withdrawn.get(key) ?? 0n) + BigInt(w.amount));
    }
    for (const [key, amount] of withdrawn) {
        const [account, token] = key.split('/');
        const wallet = await tokenBalance(token, account);
        check(paid.get(key) === amount && wallet === amount,
            `${account} holds the ${amount} of ${token} it withdrew in the engine`, `paid ${paid.get(key)}, holds ${wallet}`);
    }
}
for (const token of scenario.tokens) {
    let owed = 0n;
    const holders = new Set([
        ...scenario.deposits.map((d) => d.account),
        ...batches.flatMap((b) => b.leaves.map((l) => l.account)),
    ]);
    for (const holder of holders) owed += await balanceOf(holder, token.address);
    let reserves = 0n;
    for (const b of batches) {
        for (const p of b.poolDeltas) {
            const base = scenario.tokens.find((t) => t.assetId === p.baseAssetId);
            const quote = scenario.tokens.find((t) => t.assetId === p.quoteAssetId);
            if (base?.address === token.address) reserves += BigInt(p.baseReserveDelta);
            if (quote?.address === token.address) reserves += BigInt(p.quoteReserveDelta);
        }
    }
    const held = await tokenBalance(token.address, VAULT);
    check(held === owed + reserves, `vault holds exactly the settled balances plus the pool reserves of ${token.symbol}`,
        `holds ${held}, balances ${owed}, reserves ${reserves}`);
}

// ------------------------------------------------------------------ summary

console.log('');
console.log('gas used per transaction (total, including the 21000 base and calldata):');
for (const row of gasRows) console.log(`  ${row.what.padEnd(28)} ${String(row.amount).padStart(9)}  ${row.note}`);
console.log('');
if (failures.length > 0) {
    console.log(`FAILED ${failures.length} of ${passed + failures.length} checks:`);
    for (const f of failures) console.log(`  ${f}`);
    process.exit(1);
}
console.log(`PASSED ${passed} checks in ${Date.now() - started} ms`);
