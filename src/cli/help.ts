/** `--help` texts: each teaches the command with an example that runs as written from a fresh clone. */
export const MAIN_HELP = `resume-watcher — turn a bucket of resumes into structured candidate records

Usage: resume-watcher <command> [options]      resume-watcher --version      resume-watcher help [command]

Commands:
  run              one tick: list the bucket, parse new or changed resumes within the time budget
  watch            run a tick on a schedule (default every 5 minutes) until Ctrl-C
  status           counts per status, backlog age, recent runs, top errors
  retry [paths…]   put failed files back in the queue (all failed files when no path is given)
  reprocess        re-parse done files: --outdated (stored by another parser/model) or the paths given
  export           write every file's outcome and candidate as JSON or CSV
  migrate          apply pending database migrations
  pause | resume   stop or restart processing (ticks still run and record that they were paused)
  help [command]   this overview, or a command's options

With no accounts configured it watches ./samples with an embedded database in ./.data/db and the offline parser:
  npx resume-watcher run
Against a Supabase project (Storage bucket msmm-resumes, ledger over the REST API; migrate it first):
  SUPABASE_URL=https://<ref>.supabase.co SUPABASE_SECRET_KEY=sb_secret_… npx resume-watcher run

Configuration comes from environment variables (meanings and defaults: the configuration table in README.md):
  local default      LOCAL_BUCKET_DIR, LOCAL_DB_DIR, RESUME_PREFIX
  Supabase           SUPABASE_URL, SUPABASE_SECRET_KEY (or SUPABASE_SERVICE_ROLE_KEY), RESUME_BUCKET,
                     RESUME_PREFIX, DATABASE_URL
  ticks              WATCHER_BUDGET_MS, WATCHER_CONCURRENCY, WATCHER_MAX_ATTEMPTS, WATCHER_MAX_FILE_BYTES,
                     LOG_FORMAT (json: only machine-readable lines on stdout, human text on stderr)
  parser             PARSER, PARSER_FALLBACK, OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_TIMEOUT_MS,
                     OPENAI_MAX_RETRIES, OPENAI_MAX_INPUT_CHARS, OPENAI_PRICE_INPUT_PER_MTOK,
                     OPENAI_PRICE_OUTPUT_PER_MTOK
  Netlify functions  WATCHER_SECRET, WATCHER_MAX_WORKERS, WATCHER_BACKGROUND_BUDGET_MS, WATCHER_HEALTH_MAX_WAIT_S,
                     URL

Exit codes: 0 ok · 1 the run failed (database or bucket unreachable, parser unavailable) · 2 bad usage or
configuration (including a bucket that does not exist, a key Storage refuses, paths that match no file, or the
embedded database in use by another process).
Run 'resume-watcher <command> --help' for a command's options.`;

/**
 * The options each command accepts besides --help; any other is bad usage (exit 2). Every one appears in the
 * command's help text (a test checks), so the help never lists less than the command takes.
 */
export const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  run: ["json", "budget", "concurrency"],
  watch: ["schedule", "now", "budget", "concurrency"],
  status: ["json", "runs"],
  retry: [],
  reprocess: ["outdated"],
  export: ["format", "out"],
  migrate: [],
  pause: [],
  resume: [],
  help: [],
};

export const COMMAND_HELP: Record<string, string> = {
  run: `Usage: resume-watcher run [--json] [--budget MS] [--concurrency N]

One tick: sync the bucket listing into the database, then claim and parse pending files until the budget is
spent. Progress is committed file by file; whatever does not fit stays pending for the next run.

Options:
  --json            print one JSON summary object on stdout (logs go to stderr)
  --budget MS       time budget in milliseconds (default WATCHER_BUDGET_MS or 25000)
  --concurrency N   files processed at once (default WATCHER_CONCURRENCY or 4)

Example:
  resume-watcher run --budget 10000 --json`,
  watch: `Usage: resume-watcher watch [--schedule CRON] [--now] [--budget MS] [--concurrency N]

Runs a tick on a cron schedule until Ctrl-C. The first Ctrl-C lets the current tick finish cleanly; a second one
stops it at once (in-flight files are released, not failed).

Options:
  --schedule CRON   cron expression, five fields or six with seconds (default "*/5 * * * *", as the Netlify
                    scheduled function)
  --now             also run a tick immediately instead of waiting for the first scheduled time
  --budget MS       time budget of each tick in milliseconds (default WATCHER_BUDGET_MS or 25000)
  --concurrency N   files processed at once (default WATCHER_CONCURRENCY or 4)

Example:
  resume-watcher watch --schedule "* * * * *" --now`,
  status: `Usage: resume-watcher status [--json] [--runs N]

Counts per status (pending split into ready and deferred by backoff), the oldest pending file's age, the last
runs and the most common failure codes.

Options:
  --json     print the status object (shape documented in README)
  --runs N   how many recent runs to show (default 5)`,
  retry: `Usage: resume-watcher retry [paths…]

Moves failed files back to pending with their attempts reset. With no paths, every failed file is retried.
A path that is no failed file in the ledger is named on stderr; when no path matched, the exit code is 2.

Example:
  resume-watcher retry resumes/jane-doe.pdf`,
  reprocess: `Usage: resume-watcher reprocess --outdated | reprocess paths…

Puts files back in the queue (pending, attempts reset, due now) to be parsed again by the next runs.

  --outdated   every done file whose stored result came from another parser than the current one: another
               name, prompt version or model (e.g. after switching OPENAI_MODEL, or files the offline parser
               filled in while OpenAI was unavailable with PARSER_FALLBACK=heuristic)
  paths…       these done, failed or skipped files, parsed afresh (an identical file's stored result is not
               copied back)

A re-queued file keeps its current record until the new one is stored; the parse costs tokens again. A path
that is no done, failed or skipped file in the ledger is named on stderr; when no path matched, the exit code is 2.

Examples:
  OPENAI_API_KEY=sk-… resume-watcher reprocess --outdated
  resume-watcher reprocess resumes/jane-doe.pdf`,
  export: `Usage: resume-watcher export [--format json|csv] [--out FILE]

One record per file: path, status, error code and message, and the candidate (null unless done).
CSV has one row per file with the scalar candidate fields; lists are joined by "; ".

Options:
  --format json|csv   default json
  --out FILE          write to FILE instead of stdout

Example:
  resume-watcher export --format csv --out candidates.csv`,
  migrate: `Usage: resume-watcher migrate

Applies pending migrations from supabase/migrations to the configured database (DATABASE_URL, or the embedded
database in LOCAL_DB_DIR). Refuses to continue if an applied migration file has been edited. A Supabase project
needs a direct connection for this (its REST API cannot run DDL): DATABASE_URL=<connection string>, or
'supabase db push' from a clone.

Example:
  DATABASE_URL='postgresql://postgres.<ref>:<password>@aws-0-<region>.pooler.supabase.com:5432/postgres' \
    npx resume-watcher migrate`,
  pause: `Usage: resume-watcher pause

Stops processing: ticks still run and record a "paused" run, but claim nothing. Undo with 'resume-watcher resume'.`,
  resume: `Usage: resume-watcher resume

Restarts processing after 'resume-watcher pause'.`,
  help: `Usage: resume-watcher help [command]

Prints the overview of every command and variable, or one command's help (the same as
'resume-watcher <command> --help').

Example:
  resume-watcher help watch`,
};
