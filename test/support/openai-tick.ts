import type { SqlLedger } from "../../src/ledger/sql-ledger.ts";

export interface FileRow {
  path: string;
  status: string;
  attempts: number;
  last_error_code: string | null;
  deferred: boolean;
}

/** Every file's row, by path: status, attempts spent, last error, whether it waits for a backoff. */
export async function fileRows(ledger: SqlLedger): Promise<FileRow[]> {
  return ledger.client.query<FileRow>(
    `select path, status, attempts, last_error_code, next_attempt_at > now() as deferred
       from watcher.resume_files order by path`,
  );
}

export async function storedResume(
  ledger: SqlLedger,
  path: string,
): Promise<{
  parser_name: string;
  parser_model: string | null;
  prompt_tokens: number | null;
  truncated: boolean;
}> {
  const [row] = await ledger.client.query<{
    parser_name: string;
    parser_model: string | null;
    prompt_tokens: number | null;
    truncated: boolean;
  }>(
    `select r.parser_name, r.parser_model, r.prompt_tokens, r.truncated
       from watcher.resumes r join watcher.resume_files f on f.id = r.file_id where f.path = $1`,
    [path],
  );
  if (!row) throw new Error(`no stored resume for ${path}`);
  return row;
}
