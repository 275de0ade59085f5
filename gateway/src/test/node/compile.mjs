// Compiles the settlement contract (replay/src/main/solidity) and the contract test's ERC-20 (replay/src/test/node/
// contracts/TestToken.sol) with solc-js, the same settings as settlement-contract.mjs, and prints
// {"vault": "0x...", "token": "0x..."} (creation bytecode) on one line for ChainBridgeTest to deploy on Anvil.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const solc = require('solc');
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../../..');
const NODE_MODULES = join(HERE, 'node_modules');

const input = {
    language: 'Solidity',
    sources: {
        'PoolbookSettlement.sol': { content: readFileSync(join(ROOT, 'replay/src/main/solidity/PoolbookSettlement.sol'), 'utf8') },
        'TestToken.sol': { content: readFileSync(join(ROOT, 'replay/src/test/node/contracts/TestToken.sol'), 'utf8') },
    },
    settings: {
        optimizer: { enabled: true, runs: 200 },
        evmVersion: 'prague',
        outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
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
for (const e of errors) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);
console.log(JSON.stringify({
    vault: '0x' + output.contracts['PoolbookSettlement.sol'].PoolbookSettlement.evm.bytecode.object,
    token: '0x' + output.contracts['TestToken.sol'].TestToken.evm.bytecode.object,
}));
