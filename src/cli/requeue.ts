import type { Runtime } from "../runtime.ts";
import { type Output, UsageError } from "./output.ts";

const EXIT_OK = 0;
/** No path given matched a file: most likely a typo, so a script should notice (bad usage). */
const EXIT_NONE_MATCHED = 2;

/** `resume-watcher retry [paths…]`: failed files back to pending (every failed file when no path is given). */
export async function retryCommand(runtime: Runtime, paths: string[], out: Output): Promise<number> {
  const { ledger, bucket } = runtime;
  const retry = async (chosen: string[]) =>
    (await ledger.retryFiles({ bucket: bucket.name, paths: chosen })).retried;
  if (paths.length === 0) {
    out.human(`${await retry([])} file(s) back in the queue; they are processed on the next run.\n`);
    return EXIT_OK;
  }
  const { matched, unmatched } = await perPath(paths, (path) => retry([path]));
  return report(out, matched, unmatched, {
    done: "back in the queue; they are processed on the next run",
    missing: "no failed file with this path in the ledger",
  });
}

/** `resume-watcher reprocess --outdated | PATH…`: re-queue done files of another parser, or the chosen files. */
export async function reprocessCommand(
  runtime: Runtime,
  paths: string[],
  outdated: boolean,
  out: Output,
): Promise<number> {
  const { ledger, bucket, parser } = runtime;
  if (outdated === paths.length > 0)
    throw new UsageError("reprocess takes either --outdated or one or more paths");
  if (!outdated) {
    const requeue = async (path: string) =>
      (await ledger.requeueFiles({ bucket: bucket.name, paths: [path] })).requeued;
    const { matched, unmatched } = await perPath(paths, requeue);
    return report(out, matched, unmatched, {
      done: "back in the queue; the next run parses them afresh",
      missing: "no done, failed or skipped file with this path in the ledger",
    });
  }
  const identity = { name: parser.name, version: parser.version, model: parser.model };
  const { requeued } = await ledger.requeueOutdated({ bucket: bucket.name, parser: identity });
  const against = `${identity.name} ${identity.version}${identity.model ? ` (${identity.model})` : ""}`;
  out.human(
    `${requeued} file(s) parsed by another parser than ${against} back in the queue; the next runs re-parse them.\n`,
  );
  return EXIT_OK;
}

/**
 * One ledger call per distinct path: the calls return only a count, and a path is at most one row of the bucket,
 * so a count of 0 names the path that matched nothing, with no new SQL. The paths a person types are few; each
 * call is one round trip.
 */
async function perPath(
  paths: string[],
  requeueOne: (path: string) => Promise<number>,
): Promise<{ matched: number; unmatched: string[] }> {
  let matched = 0;
  const unmatched: string[] = [];
  for (const path of new Set(paths)) {
    const count = await requeueOne(path);
    matched += count;
    if (count === 0) unmatched.push(path);
  }
  return { matched, unmatched };
}

function report(
  out: Output,
  matched: number,
  unmatched: string[],
  says: { done: string; missing: string },
): number {
  for (const path of unmatched) process.stderr.write(`${path}: ${says.missing}\n`);
  if (unmatched.length > 0)
    process.stderr.write("'resume-watcher export' lists every path the ledger knows, with its status.\n");
  if (matched === 0) return EXIT_NONE_MATCHED;
  out.human(`${matched} file(s) ${says.done}.\n`);
  return EXIT_OK;
}
