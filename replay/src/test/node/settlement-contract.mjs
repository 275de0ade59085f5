// The settlement contract against batches the Java code wrote, in an in-process EVM.
//
// Usage: node settlement-contract.mjs SETTLEMENT_DIR
//
// SETTLEMENT_DIR holds what SettlementContractTest wrote: batch-NNNNNNNNNN.json and .calldata files from
// SettlementBatchWriter, and scenario.json (tokens, on-chain deposits, the withdrawals the engine accepted, and
// the engine's final balances in chain units). The script compiles replay/src/main/solidity with solc-js, deploys
// the vault and test tokens (at the token addresses the batches name) into @ethereumjs/vm, and checks that the
// Java calldata and proofs are accepted and that wrong ones are refused with the named custom errors. It prints
// one line per check and the gas of every kind of transaction, and exits with 1 if any check failed.

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
await refuse(KEEPER, VAULT, applyData(0, leaf0), 'BatchNotSettled', 'a delta of batch 0 before it is settled', [0n]);

/** Withdrawals: the account reserves the amount on chain before the engine's Withdraw, which is in batch `index`. */
async function requestWithdrawals(index) {
    const requests = [];
    for (const w of scenario.withdrawals.filter((w) => w.batchIndex === index)) {
        const amount = BigInt(w.amount);
        const before = await balanceOf(w.account, w.token);
        const tooMuch = await send(w.account, VAULT, encodeCall(V.fn.requestWithdrawal, [w.token, before + 1n]));
        expectRevert(tooMuch, 'InsufficientBalance', `a withdrawal request above ${w.account}'s settled balance`,
            [w.account, w.token, before, before + 1n]);
        const result = await send(w.account, VAULT, encodeCall(V.fn.requestWithdrawal, [w.token, amount]));
        const logged = events(result, 'WithdrawalRequested')[0];
        expectOk(result, `withdrawal request of ${amount} ${w.symbol} by ${w.account} (batch ${index})`)
            && check(await balanceOf(w.account, w.token) === before - amount, '  the amount is reserved from the settled balance');
        gas('requestWithdrawal', result.gas);
        requests.push({ ...w, amount, id: logged.id });
    }
    return requests;
}

const pending = await requestWithdrawals(0);

// --- batch 0 accepted
async function settle(batch) {
    const result = await send(OPERATOR, VAULT, batch.calldataFile);
    if (!expectOk(result, `batch ${batch.index} from the operator: accepted`)) return result;
    const logged = events(result, 'BatchSettled')[0];
    check(logged?.batchHash === lower(batch.batchHash),
        `  BatchSettled carries the Java batchHash ${batch.batchHash.slice(0, 18)}...`);
    check(lower(await call(VAULT, V.fn.lastBatchHash)) === lower(batch.batchHash), '  lastBatchHash() equals the Java batchHash');
    check(BigInt(await call(VAULT, V.fn.nextIndex)) === BigInt(batch.index) + 1n, `  nextIndex() is ${batch.index + 1}`);
    gas(`settleBatch ${batch.index}`, result.gas, `${batch.leafCount} leaves`);
    return result;
}

await settle(b0);
await refuse(OPERATOR, VAULT, b0.calldataFile, 'UnexpectedBatchIndex', 'batch 0 a second time', [1n, 0n]);
await refuse(OPERATOR, VAULT, withWord(b1.calldataFile, 1, flipByte(b1.prevBatchHash, 0)), 'PrevBatchHashMismatch',
    'batch 1 with a flipped byte in prevBatchHash', [b0.batchHash]);
await refuse(OPERATOR, VAULT, b2.calldataFile, 'UnexpectedBatchIndex', 'batch 2 right after batch 0 (skips 1)', [1n, 2n]);
pending.push(...await requestWithdrawals(1));
await settle(b1);

// --- proofs: bad ones refused, good ones applied once, in any order (batch 1 first, then batch 0)
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

/** Applies every leaf of a batch (as a third party), checks the balance moved, and that a second time is refused. */
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

// --- withdrawals: the engine accepted them, so the operator pays them out
for (const w of pending) {
    const args = [w.id, w.account, w.token, w.amount];
    await refuse(STRANGER, VAULT, encodeCall(V.fn.completeWithdrawal, args),
        'NotOperator', `withdrawal ${w.id} completed by a non-operator`);
    await refuse(OPERATOR, VAULT, encodeCall(V.fn.completeWithdrawal, [w.id, w.account, w.token, w.amount + 1n]),
        'UnknownWithdrawal', `withdrawal ${w.id} completed with a different amount`, [w.id]);
    const before = await tokenBalance(w.token, w.account);
    const result = await send(OPERATOR, VAULT, encodeCall(V.fn.completeWithdrawal, args));
    expectOk(result, `withdrawal ${w.id} of ${w.amount} ${w.symbol} to ${w.account} completed`)
        && check(await tokenBalance(w.token, w.account) === before + w.amount, '  the tokens arrived')
        && check(events(result, 'WithdrawalCompleted').length === 1, '  WithdrawalCompleted');
    gas('completeWithdrawal', result.gas);
    await refuse(OPERATOR, VAULT, encodeCall(V.fn.completeWithdrawal, args),
        'UnknownWithdrawal', `withdrawal ${w.id} completed twice`);
}

// a request the engine refused: the operator cancels it and the amount is back
{
    const w = scenario.deposits[0];
    const before = await balanceOf(w.account, w.token);
    const request = await send(w.account, VAULT, encodeCall(V.fn.requestWithdrawal, [w.token, 1n]));
    const id = events(request, 'WithdrawalRequested')[0].id;
    const result = await send(OPERATOR, VAULT, encodeCall(V.fn.cancelWithdrawal, [id, w.account, w.token, 1n]));
    expectOk(result, `withdrawal ${id} that the engine refused: cancelled`)
        && check(await balanceOf(w.account, w.token) === before, '  the settled balance is whole again');
    gas('cancelWithdrawal', result.gas);
    await refuse(OPERATOR, VAULT, encodeCall(V.fn.cancelWithdrawal, [id, w.account, w.token, 1n]),
        'UnknownWithdrawal', `withdrawal ${id} cancelled twice`);
}

// --- batch 2 has no leaves: accepted, and nothing proves against it
check(b2.leafCount === 0, 'batch 2 has no leaves');
await settle(b2);
await refuse(KEEPER, VAULT, applyData(2, leaf0), 'InvalidProof', 'a leaf against the empty batch 2');
for (const batch of batches.slice(3)) await settle(batch);

// --- the end state: every settled balance is the engine's balance, and the vault holds exactly what it owes
for (const e of scenario.expectedBalances) {
    const actual = await balanceOf(e.account, e.token);
    check(actual === BigInt(e.balance), `settled ${e.symbol} of ${e.account} is the engine's ${e.balance}`, `got ${actual}`);
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
