/** Bad usage of a command (an unknown option, a bad flag value): exit code 2 with the command's help. */
export class UsageError extends Error {}

/**
 * Where the CLI writes. With LOG_FORMAT=json stdout carries only JSON lines, so a log drain can parse every line:
 * human text (summaries, `status`, help, confirmations) goes to stderr and JSON documents are written on one line.
 * With `text` (the default) both go to stdout and JSON is indented for people. Data asked for by name
 * (`export --format csv` without --out) always goes to stdout.
 */
export interface Output {
  human(text: string): void;
  json(value: unknown): void;
  data(text: string): void;
}

export function cliOutput(format: "text" | "json"): Output {
  const toHuman = format === "json" ? process.stderr : process.stdout;
  return {
    human: (text) => toHuman.write(text),
    json: (value) =>
      process.stdout.write(`${format === "json" ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`),
    data: (text) => process.stdout.write(text),
  };
}

/** Read before the configuration is (help and --version need no valid configuration); loadConfig checks the value. */
export function outputFromEnv(env: NodeJS.ProcessEnv = process.env): Output {
  return cliOutput(env.LOG_FORMAT === "json" ? "json" : "text");
}
