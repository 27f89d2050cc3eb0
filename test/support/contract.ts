/**
 * The keys scripts and monitors depend on (ARCHITECTURE.md, "Machine-readable outputs"): `resume-watcher run
 * --json` prints them and `POST /api/process` answers them. Keys are added, never renamed.
 */
export const RUN_JSON_KEYS = [
  "run_id",
  "listed",
  "new",
  "changed",
  "removed",
  "claimed",
  "done",
  "skipped",
  "failed",
  "retrying",
  "released",
  "reused",
  "prompt_tokens",
  "completion_tokens",
  "backlog",
  "ready",
  "deferred",
  "in_flight",
  "duration_ms",
  "outcome",
  "error",
] as const;
