import { type FailFileArgs, type LedgerCall, ledgerCalls } from "./calls.ts";
import type { Ledger } from "./port.ts";

type Args<M extends keyof Ledger> = Ledger[M] extends (args: infer A) => unknown ? A : never;

/**
 * Runs one ledger SQL function by name with named arguments and resolves to its jsonb result. The one seam every
 * transport implements: SQL (`select public.fn(p_a => $1)` on PGlite or postgres.js, sql-transport.ts) and
 * PostgREST RPC (`supabase.rpc(fn, args)`, rpc-transport.ts).
 */
export type Invoke = (fn: string, args: Record<string, unknown>) => Promise<unknown>;

/**
 * The Ledger port over any transport. Each method is one call of one SQL function (calls.ts says which, with
 * which arguments, and validates the answer); every state transition happens inside that function, in one
 * statement and one transaction, so the transports differ in nothing but how the call travels.
 */
export class CallLedger implements Ledger {
  constructor(
    private readonly invoke: Invoke,
    private readonly closeTransport: () => Promise<void> = async () => {},
  ) {}

  /** Runs one ledger function and maps its jsonb result. Undefined arguments are left out (SQL default applies). */
  async call<R>(call: LedgerCall<R>): Promise<R> {
    const args = Object.fromEntries(Object.entries(call.args).filter(([, value]) => value !== undefined));
    return call.parse(await this.invoke(call.fn, args));
  }

  getCheckpoint(bucket: string, prefix = "") {
    return this.call(ledgerCalls.getCheckpoint(bucket, prefix));
  }
  syncPage(args: Args<"syncPage">) {
    return this.call(ledgerCalls.syncPage(args));
  }
  finishListing(args: Args<"finishListing">) {
    return this.call(ledgerCalls.finishListing(args));
  }
  syncFromStorage(args: Args<"syncFromStorage">) {
    return this.call(ledgerCalls.syncFromStorage(args));
  }
  claimFiles(args: Args<"claimFiles">) {
    return this.call(ledgerCalls.claimFiles(args));
  }
  releaseExpiredLeases(args: Args<"releaseExpiredLeases">) {
    return this.call(ledgerCalls.releaseExpiredLeases(args));
  }
  reuseParsedResult(args: Args<"reuseParsedResult">) {
    return this.call(ledgerCalls.reuseParsedResult(args));
  }
  completeFile(args: Args<"completeFile">) {
    return this.call(ledgerCalls.completeFile(args));
  }
  failFile(args: FailFileArgs) {
    return this.call(ledgerCalls.failFile(args));
  }
  releaseFile(args: Args<"releaseFile">) {
    return this.call(ledgerCalls.releaseFile(args));
  }
  skipFile(args: Args<"skipFile">) {
    return this.call(ledgerCalls.skipFile(args));
  }
  removeFile(args: Args<"removeFile">) {
    return this.call(ledgerCalls.removeFile(args));
  }
  retryFiles(args: Args<"retryFiles">) {
    return this.call(ledgerCalls.retryFiles(args));
  }
  requeueOutdated(args: Args<"requeueOutdated">) {
    return this.call(ledgerCalls.requeueOutdated(args));
  }
  queuePaths(args: Args<"queuePaths">) {
    return this.call(ledgerCalls.queuePaths(args));
  }
  requeueFiles(args: Args<"requeueFiles">) {
    return this.call(ledgerCalls.requeueFiles(args));
  }
  startRun(args: Args<"startRun">) {
    return this.call(ledgerCalls.startRun(args));
  }
  async finishRun(args: Args<"finishRun">): Promise<void> {
    const { ok } = await this.call(ledgerCalls.finishRun(args));
    if (!ok) throw new Error(`finishRun: run ${args.runId} does not exist`);
  }
  closeAbandonedRuns(args: Args<"closeAbandonedRuns">) {
    return this.call(ledgerCalls.closeAbandonedRuns(args));
  }
  getStatus(args: Args<"getStatus">) {
    return this.call(ledgerCalls.getStatus(args));
  }
  countBacklog() {
    return this.call(ledgerCalls.countBacklog());
  }
  countQueue() {
    return this.call(ledgerCalls.countQueue());
  }
  async setPaused(paused: boolean): Promise<void> {
    await this.call(ledgerCalls.setPaused(paused));
  }
  isPaused() {
    return this.call(ledgerCalls.isPaused());
  }
  exportFiles(args: Args<"exportFiles">) {
    return this.call(ledgerCalls.exportFiles(args));
  }
  reserveRateLimit(args: Args<"reserveRateLimit">) {
    return this.call(ledgerCalls.reserveRateLimit(args));
  }
  observeRateLimit(args: Args<"observeRateLimit">) {
    return this.call(ledgerCalls.observeRateLimit(args));
  }
  close(): Promise<void> {
    return this.closeTransport();
  }
}
