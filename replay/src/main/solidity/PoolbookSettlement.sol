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
 * previous batch's hash, next journal range). The contract stores each batch's Merkle root of per-account token
 * deltas; anyone can then apply an account's delta with its proof, once, to the account's settled balance here.
 *
 * Balances: `balanceOf[account][token]` is the account's settled balance: its deposits plus every delta applied,
 * less what it has reserved for pending withdrawals. Deposits are credited at once (the chain sees them
 * first; the operator credits the same amount in the engine). A delta is net over a batch, trades and
 * withdrawals together, so a settled balance mirrors the engine's balance as of the batches applied. It is signed:
 * anyone may apply leaves in any order, so it can be negative for a while; nothing leaves while it is.
 *
 * Withdrawals take two steps, because a net delta cannot tell a withdrawal from a trade: the account reserves
 * settled funds with {requestWithdrawal}; the operator submits the engine's Withdraw for it and, once the engine
 * has accepted it, pays it out with {completeWithdrawal} (the engine's debit arrives in a batch delta) or, if the
 * engine refused, returns it with {cancelWithdrawal}. Tokens leave only to the account that reserved them, and
 * only out of its settled balance. See docs/SETTLEMENT.md for the trust model.
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
    /// @notice Deltas can only be applied for a batch that has been settled.
    error BatchNotSettled(uint64 index);
    /// @notice This account's delta for this token in this batch has already been applied.
    error DeltaAlreadyApplied(uint64 index, address account, address token);
    /// @notice The proof does not lead from the leaf (account, token, delta) to the batch's root.
    error InvalidProof(uint64 index, address account, address token, int256 delta);
    /// @notice Amounts must be positive.
    error ZeroAmount();
    /// @notice The amount is more than the largest signed balance.
    error AmountTooLarge(uint256 amount);
    /// @notice A deposit that would take a settled balance past the largest signed balance.
    error BalanceOverflow(address account, address token);
    /// @notice The account's settled balance of the token is less than the withdrawal asks.
    error InsufficientBalance(address account, address token, int256 balance, uint256 amount);
    /// @notice No pending withdrawal has this id with these details.
    error UnknownWithdrawal(uint256 id);

    // ------------------------------------------------------------------ events

    /// @notice Tokens arrived for `account`; the operator credits `amount` in the engine (reference: `depositId`).
    event Deposited(uint256 indexed depositId, address indexed account, address indexed token, uint256 amount);
    /// @notice The operator settled batch `index`; its hash is now the head of the chain.
    event BatchSettled(
        uint64 indexed index,
        bytes32 indexed batchHash,
        bytes32 deltasRoot,
        uint32 leafCount,
        uint64 fromSequence,
        uint64 toSequence,
        bytes32 journalHash,
        bytes32 contentHash
    );
    /// @notice `account`'s net `delta` of `token` in batch `index` was applied; `balance` is its settled balance now.
    event DeltaApplied(
        uint64 indexed index, address indexed account, address indexed token, int256 delta, int256 balance
    );
    /// @notice `account` reserved `amount` of `token` to withdraw; the operator submits the engine's Withdraw.
    event WithdrawalRequested(uint256 indexed id, address indexed account, address indexed token, uint256 amount);
    /// @notice Withdrawal `id` was paid out to `account`.
    event WithdrawalCompleted(uint256 indexed id, address indexed account, address indexed token, uint256 amount);
    /// @notice Withdrawal `id` was refused by the engine; the amount is back in the settled balance.
    event WithdrawalCancelled(uint256 indexed id, address indexed account, address indexed token, uint256 amount);

    // ------------------------------------------------------------------ state

    /// @notice The only address that may settle batches and complete or cancel withdrawals.
    address public immutable operator;

    /// @notice Hash of the last accepted batch; zero before batch 0.
    bytes32 public lastBatchHash;
    /// @notice Index the next batch must have.
    uint64 public nextIndex;
    /// @notice Journal sequence the next batch must start at (the journal starts at 1).
    uint64 public nextFromSequence = 1;
    /// @notice Deposits so far; the next deposit's id.
    uint64 public depositCount;
    /// @notice Withdrawal requests so far; the next request's id.
    uint64 public withdrawalCount;

    /// @notice Merkle root of each settled batch's deltas (zero for a batch without leaves).
    mapping(uint64 index => bytes32 root) public deltasRoots;
    /// @notice Whether a batch's leaf has been applied, by batch index and leaf hash (one leaf per account and token).
    mapping(uint64 index => mapping(bytes32 leaf => bool)) public applied;
    /// @notice Settled balance of an account in a token, in the token's smallest unit.
    mapping(address account => mapping(address token => int256)) public balanceOf;
    /// @notice Pending withdrawal requests: keccak256(abi.encode(account, token, amount)) by id; cleared when done.
    mapping(uint256 id => bytes32 request) public pendingWithdrawal;

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
     * @notice Accepts the next settlement batch and stores its deltas root. Only the operator.
     * @dev The arguments are exactly those of the Java `SettleCall`; the batch hash is keccak256 of their ABI
     * encoding, as `SettlementBatch.batchHash()` computes it.
     * @param index         batch index: must be {nextIndex}.
     * @param prevBatchHash must be {lastBatchHash}.
     * @param journalHash   the journal's chain hash at `toSequence` (recorded in the event and the batch hash).
     * @param fromSequence  must be {nextFromSequence}.
     * @param toSequence    last journal sequence covered; at least `fromSequence`.
     * @param deltasRoot    Merkle root of the batch's (account, token, delta) leaves; zero when there are none.
     * @param leafCount     leaves in the tree (recorded in the event and the batch hash).
     * @param contentHash   hash of the batch's full content in engine terms (recorded in the batch hash).
     */
    function settleBatch(
        uint64 index,
        bytes32 prevBatchHash,
        bytes32 journalHash,
        uint64 fromSequence,
        uint64 toSequence,
        bytes32 deltasRoot,
        uint32 leafCount,
        bytes32 contentHash
    ) external onlyOperator {
        if (index != nextIndex) revert UnexpectedBatchIndex(nextIndex, index);
        if (prevBatchHash != lastBatchHash) revert PrevBatchHashMismatch(lastBatchHash, prevBatchHash);
        if (fromSequence != nextFromSequence || toSequence < fromSequence) {
            revert JournalRangeMismatch(nextFromSequence, fromSequence, toSequence);
        }

        // abi.encode rather than msg.data: the same words, but canonical even if the calldata has trailing bytes.
        bytes32 batchHash = keccak256(
            abi.encode(index, prevBatchHash, journalHash, fromSequence, toSequence, deltasRoot, leafCount, contentHash)
        );
        lastBatchHash = batchHash;
        nextIndex = index + 1;
        nextFromSequence = toSequence + 1;
        if (deltasRoot != bytes32(0)) {
            deltasRoots[index] = deltasRoot;
        }
        emit BatchSettled(index, batchHash, deltasRoot, leafCount, fromSequence, toSequence, journalHash, contentHash);
    }

    /**
     * @notice Applies an account's net delta of a token in a settled batch to its settled balance, once.
     * Anyone may call it, for any account; the proof is the leaf's `proof` in the batch's JSON.
     * @param index   batch index.
     * @param account the account's chain address.
     * @param token   the token's address.
     * @param delta   the net change in the token's smallest unit: positive credits, negative debits.
     * @param proof   sibling hashes from the leaf up to the root.
     */
    function applyDelta(uint64 index, address account, address token, int256 delta, bytes32[] calldata proof)
        external
    {
        if (index >= nextIndex) revert BatchNotSettled(index);
        // OpenZeppelin StandardMerkleTree leaf: the ABI encoding hashed twice, so it cannot pass for an inner node.
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, token, delta))));
        if (applied[index][leaf]) revert DeltaAlreadyApplied(index, account, token);
        // An empty batch stores no root; a zero root is unreachable by any proof.
        if (!MerkleProof.verifyCalldata(proof, deltasRoots[index], leaf)) {
            revert InvalidProof(index, account, token, delta);
        }

        applied[index][leaf] = true;
        int256 balance = balanceOf[account][token] + delta;
        balanceOf[account][token] = balance;
        emit DeltaApplied(index, account, token, delta, balance);
    }

    // ------------------------------------------------------------------ deposits and withdrawals

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

    /**
     * @notice Reserves `amount` of the caller's settled balance of `token` to withdraw. The operator then submits
     * the engine's Withdraw (clientRequestId = `id`) and completes or cancels this request.
     * @param token  the token.
     * @param amount in the token's smallest unit; at most the caller's settled balance.
     * @return id the request's id.
     */
    function requestWithdrawal(address token, uint256 amount) external returns (uint256 id) {
        if (amount == 0) revert ZeroAmount();
        if (amount > uint256(type(int256).max)) revert AmountTooLarge(amount);
        int256 balance = balanceOf[msg.sender][token];
        if (balance < int256(amount)) revert InsufficientBalance(msg.sender, token, balance, amount);

        balanceOf[msg.sender][token] = balance - int256(amount);
        id = withdrawalCount++;
        pendingWithdrawal[id] = _requestHash(msg.sender, token, amount);
        emit WithdrawalRequested(id, msg.sender, token, amount);
    }

    /**
     * @notice Pays out a withdrawal that the engine has accepted. Only the operator.
     * @dev The reserved amount goes back into the settled balance as it is paid, because the engine's debit reaches
     * that balance in a batch delta; counting it in both places would debit it twice.
     * @param id      the request's id.
     * @param account the requester (as in {WithdrawalRequested}).
     * @param token   the token.
     * @param amount  the amount.
     */
    function completeWithdrawal(uint256 id, address account, address token, uint256 amount)
        external
        onlyOperator
        nonReentrant
    {
        _closeWithdrawal(id, account, token, amount);
        IERC20(token).safeTransfer(account, amount);
        emit WithdrawalCompleted(id, account, token, amount);
    }

    /**
     * @notice Returns a withdrawal that the engine refused to the requester's settled balance. Only the operator.
     * @param id      the request's id.
     * @param account the requester.
     * @param token   the token.
     * @param amount  the amount.
     */
    function cancelWithdrawal(uint256 id, address account, address token, uint256 amount) external onlyOperator {
        _closeWithdrawal(id, account, token, amount);
        emit WithdrawalCancelled(id, account, token, amount);
    }

    /// @dev Clears a pending request after checking its details, and releases the reservation.
    function _closeWithdrawal(uint256 id, address account, address token, uint256 amount) private {
        bytes32 request = pendingWithdrawal[id];
        if (request == bytes32(0) || request != _requestHash(account, token, amount)) revert UnknownWithdrawal(id);
        delete pendingWithdrawal[id];
        // amount <= int256 max was checked at the request.
        balanceOf[account][token] += int256(amount);
    }

    function _requestHash(address account, address token, uint256 amount) private pure returns (bytes32) {
        return keccak256(abi.encode(account, token, amount));
    }
}
