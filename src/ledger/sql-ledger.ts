import { type FailFileArgs, type LedgerCall, ledgerCalls } from "./calls.ts";
import type { Ledger } from "./port.ts";
import type { SqlClient } from "./sql-client.ts";

type Args<M extends keyof Ledger> = Ledger[M] extends (args: infer A) => unknown ? A : never;

/** Function and argument names come from calls.ts, never from input; checked anyway before going into SQL. */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The Ledger over any SqlClient (PGlite or postgres.js). Each method is one `select fn(p_a => $1, …) as result`;
 * every state transition happens inside that SQL function, in one statement and one transaction.
 */
export class SqlLedger implements Ledger {
  constructor(readonly client: SqlClient) {}

  /** Runs one ledger function and maps its jsonb result. */
  async call<R>(call: LedgerCall<R>): Promise<R> {
    const entries = Object.entries(call.args).filter(([, value]) => value !== undefined);
    for (const name of [call.fn, ...entries.map(([key]) => key)]) {
      if (!IDENTIFIER.test(name)) throw new Error(`Invalid SQL identifier in ledger call: ${name}`);
    }
    const named = entries.map(([key], i) => `${key} => $${i + 1}`).join(", ");
    const rows = await this.client.query<{ result: unknown }>(
      `select public.${call.fn}(${named}) as result`,
      entries.map(([, value]) => value),
    );
    const result = rows[0]?.result;
    // Drivers parse jsonb already; a string here would come from a driver configured to leave it raw.
    return call.parse(typeof result === "string" ? JSON.parse(result) : result);
  }

  getCheckpoint(bucket: string) {
    return this.call(ledgerCalls.getCheckpoint(bucket));
  }
  syncPage(args: Args<"syncPage">) {
    return this.call(ledgerCalls.syncPage(args));
  }
  finishListing(args: Args<"finishListing">) {
    return this.call(ledgerCalls.finishListing(args));
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
  retryFiles(args: Args<"retryFiles">) {
    return this.call(ledgerCalls.retryFiles(args));
  }
  requeueOutdated(args: Args<"requeueOutdated">) {
    return this.call(ledgerCalls.requeueOutdated(args));
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
  getStatus(args: Args<"getStatus">) {
    return this.call(ledgerCalls.getStatus(args));
  }
  countBacklog() {
    return this.call(ledgerCalls.countBacklog());
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
  close(): Promise<void> {
    return this.client.close();
  }
}
