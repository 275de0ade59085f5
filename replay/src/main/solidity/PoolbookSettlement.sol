// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/**
 * @title Poolbook settlement vault
 * @notice Holds the exchange's tokens and settles the batches that the off-chain engine cuts.
 *
 * The operator posts each batch's header with {settleBatch}: the batches must form an unbroken chain (next index,
 * previous batch's hash, next journal range). A batch has two Merkle roots over leaves of the same type
 * (address account, address token, int256 delta), OpenZeppelin's StandardMerkleTree format:
 *  - the deltas tree: each account's net trading change per token (trades, swaps, liquidity, fees), signed;
 *    anyone applies a leaf once with {applyDelta}, which credits or debits the account's settled balance here;
 *  - the withdrawals tree: what each account withdrew in the engine, as a negative delta; anyone applies a leaf
 *    once with {applyWithdrawal}, which debits the account's settled balance and pays the tokens to the account.
 *
 * Balances: `balanceOf[account][token]` is the account's settled balance: its deposits plus every trading delta
 * applied, less every withdrawal paid. Deposits are credited at once (the chain sees them first; the operator
 * credits the same amount in the engine). It is signed: anyone may apply leaves in any order, so it can be
 * negative for a while.
 *
 * Soundness of withdrawals: tokens leave only by {applyWithdrawal}, only to the account of a leaf proven in a
 * settled batch's withdrawals root, once per leaf, and only out of that account's own settled balance, which must
 * cover the amount (so the account, or anyone, applies its positive trading deltas first). No account can be paid
 * out of another's balance, and no order of application lets tokens out early. Liveness: once every delta leaf of
 * the settled batches is applied, an account's settled balance is its engine balance (never negative) plus its
 * unpaid withdrawals (plus deposits the engine has not credited yet), so every unpaid withdrawal is covered, in
 * any order. See docs/SETTLEMENT.md for the trust model.
 *
 * Tokens must be plain ERC-20s: deposits credit what actually arrived, but rebasing tokens are not supported.
 */
contract PoolbookSettlement is ReentrancyGuard {
    using SafeERC20 for IERC20;

    // ------------------------------------------------------------------ errors

    /// @notice Only the operator may do this; `caller` is not it.
    error NotOperator(address caller);
    /// @notice The operator may not be the zero address.
    error ZeroOperator();
    /// @notice A batch must have the next index.
    error UnexpectedBatchIndex(uint64 expected, uint64 given);
    /// @notice A batch's `prevBatchHash` must be the hash of the last accepted batch (zeros before batch 0).
    error PrevBatchHashMismatch(bytes32 expected, bytes32 given);
    /// @notice A batch's journal range must start right after the previous one and not be empty.
    error JournalRangeMismatch(uint64 expectedFrom, uint64 fromSequence, uint64 toSequence);
    /// @notice Leaves can only be applied for a batch that has been settled.
    error BatchNotSettled(uint64 index);
    /// @notice This account's delta for this token in this batch has already been applied.
    error DeltaAlreadyApplied(uint64 index, address account, address token);
    /// @notice This account's withdrawal of this token in this batch has already been paid.
    error WithdrawalAlreadyApplied(uint64 index, address account, address token);
    /// @notice The proof does not lead from the leaf (account, token, delta) to the batch's root for the call
    /// (deltas root for {applyDelta}, withdrawals root for {applyWithdrawal}).
    error InvalidProof(uint64 index, address account, address token, int256 delta);
    /// @notice A withdrawal is a negative delta; `delta` is not one (or is the unpayable type(int256).min).
    error NotAWithdrawal(uint64 index, address account, address token, int256 delta);
    /// @notice Tokens are never paid to the zero address (the engine's default address of operator and fee account).
    error WithdrawalToZeroAddress(uint64 index, address token);
    /// @notice The account's settled balance of the token does not cover the withdrawal (apply its credits first).
    error InsufficientBalance(address account, address token, int256 balance, uint256 amount);
    /// @notice Amounts must be positive.
    error ZeroAmount();
    /// @notice The amount is more than the largest signed balance.
    error AmountTooLarge(uint256 amount);
    /// @notice A deposit that would take a settled balance past the largest signed balance.
    error BalanceOverflow(address account, address token);

    // ------------------------------------------------------------------ events

    /// @notice Tokens arrived for `account`; the operator credits `amount` in the engine (reference: `depositId`).
    event Deposited(uint256 indexed depositId, address indexed account, address indexed token, uint256 amount);
    /// @notice The operator settled batch `index`; its hash is now the head of the chain. The other fields are the
    /// {settleBatch} arguments, so a watcher can recompute `batchHash` from the event alone.
    event BatchSettled(
        uint64 indexed index,
        bytes32 indexed batchHash,
        bytes32 prevBatchHash,
        bytes32 journalHash,
        uint64 fromSequence,
        uint64 toSequence,
        bytes32 deltasRoot,
        uint32 leafCount,
        bytes32 withdrawalsRoot,
        uint32 withdrawalCount,
        bytes32 contentHash
    );
    /// @notice `account`'s net trading `delta` of `token` in batch `index` was applied; `balance` is its settled
    /// balance now.
    event DeltaApplied(
        uint64 indexed index, address indexed account, address indexed token, int256 delta, int256 balance
    );
    /// @notice `account`'s withdrawal of `amount` of `token` in batch `index` was paid to it; `balance` is its
    /// settled balance now.
    event WithdrawalPaid(
        uint64 indexed index, address indexed account, address indexed token, uint256 amount, int256 balance
    );

    // ------------------------------------------------------------------ state

    /// @notice The only address that may settle batches.
    address public immutable operator;

    /// @notice Hash of the last accepted batch; zero before batch 0.
    bytes32 public lastBatchHash;
    /// @notice Index the next batch must have.
    uint64 public nextIndex;
    /// @notice Journal sequence the next batch must start at (the journal starts at 1).
    uint64 public nextFromSequence = 1;
    /// @notice Deposits so far; the next deposit's id.
    uint64 public depositCount;

    /// @notice Root of each settled batch's deltas tree (zero for a batch without trading deltas).
    mapping(uint64 index => bytes32 root) public deltasRoots;
    /// @notice Root of each settled batch's withdrawals tree (zero for a batch without withdrawals).
    mapping(uint64 index => bytes32 root) public withdrawalsRoots;
    /// @notice Whether a batch's delta leaf has been applied, by batch index and leaf hash.
    mapping(uint64 index => mapping(bytes32 leaf => bool)) public applied;
    /// @notice Whether a batch's withdrawal leaf has been paid, by batch index and leaf hash. Apart from {applied}:
    /// the trees share a leaf type, and a (account, token, -x) leaf may be in both.
    mapping(uint64 index => mapping(bytes32 leaf => bool)) public withdrawalApplied;
    /// @notice Settled balance of an account in a token, in the token's smallest unit.
    mapping(address account => mapping(address token => int256)) public balanceOf;

    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        _;
    }

    /// @param operator_ the address that posts batches; it cannot be changed.
    constructor(address operator_) {
        if (operator_ == address(0)) revert ZeroOperator();
        operator = operator_;
    }

    // ------------------------------------------------------------------ batches

    /**
     * @notice Accepts the next settlement batch and stores its two roots. Only the operator.
     * @dev The arguments are exactly those of the Java `SettleCall`; the batch hash is keccak256 of their ABI
     * encoding, as `SettlementBatch.batchHash()` computes it.
     * @param index           batch index: must be {nextIndex}.
     * @param prevBatchHash   must be {lastBatchHash}.
     * @param journalHash     the journal's chain hash at `toSequence` (recorded in the event and the batch hash).
     * @param fromSequence    must be {nextFromSequence}.
     * @param toSequence      last journal sequence covered; at least `fromSequence`.
     * @param deltasRoot      root of the batch's trading deltas tree; zero when there are none.
     * @param leafCount       leaves in the deltas tree (recorded in the event and the batch hash).
     * @param withdrawalsRoot root of the batch's withdrawals tree; zero when there are none.
     * @param withdrawalCount leaves in the withdrawals tree (recorded in the event and the batch hash).
     * @param contentHash     hash of the batch's full content in engine terms (recorded in the batch hash).
     */
    function settleBatch(
        uint64 index,
        bytes32 prevBatchHash,
        bytes32 journalHash,
        uint64 fromSequence,
        uint64 toSequence,
        bytes32 deltasRoot,
        uint32 leafCount,
        bytes32 withdrawalsRoot,
        uint32 withdrawalCount,
        bytes32 contentHash
    ) external onlyOperator {
        if (index != nextIndex) revert UnexpectedBatchIndex(nextIndex, index);
        if (prevBatchHash != lastBatchHash) revert PrevBatchHashMismatch(lastBatchHash, prevBatchHash);
        if (fromSequence != nextFromSequence || toSequence < fromSequence) {
            revert JournalRangeMismatch(nextFromSequence, fromSequence, toSequence);
        }

        // abi.encode rather than msg.data: the same words, but canonical even if the calldata has trailing bytes.
        bytes32 batchHash = keccak256(
            abi.encode(
                index,
                prevBatchHash,
                journalHash,
                fromSequence,
                toSequence,
                deltasRoot,
                leafCount,
                withdrawalsRoot,
                withdrawalCount,
                contentHash
            )
        );
        lastBatchHash = batchHash;
        nextIndex = index + 1;
        nextFromSequence = toSequence + 1;
        if (deltasRoot != bytes32(0)) {
            deltasRoots[index] = deltasRoot;
        }
        if (withdrawalsRoot != bytes32(0)) {
            withdrawalsRoots[index] = withdrawalsRoot;
        }
        _emitBatchSettled(index, batchHash);
    }

    /**
     * @notice Applies an account's net trading delta of a token in a settled batch to its settled balance, once.
     * Anyone may call it, for any account; the proof is the leaf's `proof` in the batch JSON's `leaves`.
     * @param index   batch index.
     * @param account the account's chain address.
     * @param token   the token's address.
     * @param delta   the net change in the token's smallest unit: positive credits, negative debits.
     * @param proof   sibling hashes from the leaf up to the deltas root.
     */
    function applyDelta(uint64 index, address account, address token, int256 delta, bytes32[] calldata proof)
        external
    {
        if (index >= nextIndex) revert BatchNotSettled(index);
        bytes32 leaf = _leaf(account, token, delta);
        if (applied[index][leaf]) revert DeltaAlreadyApplied(index, account, token);
        // A batch without leaves stores no root; a zero root is unreachable by any proof.
        if (!MerkleProof.verifyCalldata(proof, deltasRoots[index], leaf)) {
            revert InvalidProof(index, account, token, delta);
        }

        applied[index][leaf] = true;
        int256 balance = balanceOf[account][token] + delta;
        balanceOf[account][token] = balance;
        emit DeltaApplied(index, account, token, delta, balance);
    }

    /**
     * @notice Pays out an account's withdrawal of a token in a settled batch, once: debits its settled balance by
     * `-delta` and transfers that amount of the token to the account. Anyone may call it, for any account (the
     * tokens only ever go to `account`); the proof is the leaf's `proof` in the batch JSON's `withdrawals`.
     * @dev The settled balance must cover the amount: apply the account's positive trading deltas first. This is what
     * keeps a withdrawal from being paid out of tokens that back other accounts' balances.
     * @param index   batch index.
     * @param account the account's chain address; receives the tokens.
     * @param token   the token's address.
     * @param delta   minus the amount withdrawn, in the token's smallest unit (negative).
     * @param proof   sibling hashes from the leaf up to the withdrawals root.
     */
    function applyWithdrawal(uint64 index, address account, address token, int256 delta, bytes32[] calldata proof)
        external
        nonReentrant
    {
        if (index >= nextIndex) revert BatchNotSettled(index);
        if (delta >= 0 || delta == type(int256).min) revert NotAWithdrawal(index, account, token, delta);
        bytes32 leaf = _leaf(account, token, delta);
        if (withdrawalApplied[index][leaf]) revert WithdrawalAlreadyApplied(index, account, token);
        if (!MerkleProof.verifyCalldata(proof, withdrawalsRoots[index], leaf)) {
            revert InvalidProof(index, account, token, delta);
        }
        if (account == address(0)) revert WithdrawalToZeroAddress(index, token);
        uint256 amount = uint256(-delta);
        int256 balance = balanceOf[account][token];
        if (balance < -delta) revert InsufficientBalance(account, token, balance, amount);

        // effects before the transfer (and nonReentrant besides)
        withdrawalApplied[index][leaf] = true;
        balance += delta;
        balanceOf[account][token] = balance;
        IERC20(token).safeTransfer(account, amount);
        emit WithdrawalPaid(index, account, token, amount, balance);
    }

    // ------------------------------------------------------------------ deposits

    /**
     * @notice Deposits `amount` of `token` (approved beforehand) for the caller and credits its settled balance.
     * The operator credits the engine with the amount in the {Deposited} event.
     * @param token  an ERC-20 the exchange lists.
     * @param amount in the token's smallest unit.
     * @return depositId the deposit's id, for the engine's deposit reference.
     */
    function deposit(address token, uint256 amount) external nonReentrant returns (uint256 depositId) {
        if (amount == 0) revert ZeroAmount();
        IERC20 erc20 = IERC20(token);
        uint256 before = erc20.balanceOf(address(this));
        erc20.safeTransferFrom(msg.sender, address(this), amount);
        // Credit what arrived, so a token that takes a fee cannot credit more than the vault holds.
        uint256 received = erc20.balanceOf(address(this)) - before;
        if (received == 0) revert ZeroAmount();
        if (received > uint256(type(int256).max)) revert AmountTooLarge(received);
        int256 balance = balanceOf[msg.sender][token];
        if (balance > type(int256).max - int256(received)) revert BalanceOverflow(msg.sender, token);

        balanceOf[msg.sender][token] = balance + int256(received);
        depositId = depositCount++;
        emit Deposited(depositId, msg.sender, token, received);
    }

    /// @dev Emits {BatchSettled} with the arguments of the current {settleBatch} call, decoded again from its
    /// calldata (words 1 to 9; word 0 is `index`): ten arguments and eleven event fields do not fit in one stack
    /// frame without via-IR.
    function _emitBatchSettled(uint64 index, bytes32 batchHash) private {
        (
            bytes32 prevBatchHash,
            bytes32 journalHash,
            uint64 fromSequence,
            uint64 toSequence,
            bytes32 deltasRoot,
            uint32 leafCount,
            bytes32 withdrawalsRoot,
            uint32 withdrawalCount,
            bytes32 contentHash
        ) = abi.decode(msg.data[36:324], (bytes32, bytes32, uint64, uint64, bytes32, uint32, bytes32, uint32, bytes32));
        emit BatchSettled(
            index,
            batchHash,
            prevBatchHash,
            journalHash,
            fromSequence,
            toSequence,
            deltasRoot,
            leafCount,
            withdrawalsRoot,
            withdrawalCount,
            contentHash
        );
    }

    /// @dev OpenZeppelin StandardMerkleTree leaf: the ABI encoding hashed twice, so it cannot pass for an inner node.
    function _leaf(address account, address token, int256 delta) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, token, delta))));
    }
}
