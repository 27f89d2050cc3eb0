/**
 * Log lines that read well in the Netlify function log (one line per event, `key=value`, the event first) or as
 * JSON lines (LOG_FORMAT=json) for log drains. Callers pass only ids, paths, codes, counts and durations — never
 * resume text, candidate data or secrets; fields are primitives so nothing large slips in by accident.
 */
export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export type LogSink = (level: LogLevel, line: string) => void;

const defaultSink: LogSink = (level, line) => {
  if (level === "info") process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
};

/** Messages are cut at 300 chars: enough for an error message, never a page of resume text. */
const MAX_VALUE_CHARS = 300;

export function createLogger(options: { format?: "text" | "json"; sink?: LogSink } = {}): Logger {
  const format = options.format ?? "text";
  const sink = options.sink ?? defaultSink;
  const write = (level: LogLevel, event: string, fields: LogFields = {}) => {
    sink(level, format === "json" ? jsonLine(level, event, fields) : textLine(level, event, fields));
  };
  return {
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
  };
}

/** A logger that drops everything (tests, benchmarks, `--json` runs that log to a file instead). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

function textLine(level: LogLevel, event: string, fields: LogFields): string {
  const parts = [level === "info" ? event : `${level.toUpperCase()} ${event}`];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(" ");
}

function jsonLine(level: LogLevel, event: string, fields: LogFields): string {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) clean[key] = typeof value === "string" ? cut(value) : value;
  }
  return JSON.stringify({ time: new Date().toISOString(), level, event, ...clean });
}

function formatValue(value: string | number | boolean | null): string {
  if (typeof value !== "string") return String(value);
  const text = cut(value);
  return /^[\w./:@+-]+$/.test(text) ? text : JSON.stringify(text);
}

function cut(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}
