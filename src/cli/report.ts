import type { ExportRow } from "../ledger/port.ts";
import type { Candidate } from "../parse/candidate.ts";
import type { StatusReport } from "../status-report.ts";

export { estimateCostUsd, type StatusReport, withCost } from "../status-report.ts";

/** Human-readable `status`. */
export function describeStatus(s: StatusReport): string {
  const c = s.counts;
  const lines = [
    s.paused ? "Processing is PAUSED ('resume-watcher resume' to continue)" : "Processing is active",
    `  pending     ${c.pending} (ready ${s.ready}, waiting for retry ${s.deferred})`,
    `  processing  ${c.processing}`,
    `  done        ${c.done}`,
    `  failed      ${c.failed}`,
    `  skipped     ${c.skipped}`,
    `  removed     ${c.removed}`,
  ];
  if (s.oldest_pending_age_s !== null)
    lines.push(`Oldest pending file: ${formatAge(s.oldest_pending_age_s)} old`);
  const u = s.usage_24h;
  const cost =
    u.estimated_cost_usd === null
      ? "cost unknown (set OPENAI_PRICE_*)"
      : `~$${u.estimated_cost_usd.toFixed(4)}`;
  lines.push(
    `Parser tokens, last 24 h: ${u.prompt_tokens} prompt + ${u.completion_tokens} completion, ${cost}`,
  );
  lines.push(...describeRateLimits(s));
  if (s.top_errors.length > 0) {
    lines.push("Top reasons files did not parse:");
    for (const e of s.top_errors) lines.push(`  ${e.code.padEnd(18)} ${e.count}`);
    lines.push("Retry failed files with 'resume-watcher retry' once the cause is fixed.");
  }
  if (s.last_runs.length > 0) {
    lines.push("Recent runs:");
    for (const r of s.last_runs) {
      const when = r.started_at.replace("T", " ").slice(0, 19);
      lines.push(
        `  ${when}  ${r.trigger.padEnd(10)} ${String(r.outcome ?? "running").padEnd(9)} done ${r.done} skipped ${r.skipped} failed ${r.failed} released ${r.released}  ${r.duration_ms ?? "-"} ms`,
      );
      // Why a run ended `error` (parser unreachable, quota, a missing bucket): the operator's next step.
      if (r.error) lines.push(`      error: ${r.error}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The provider's limits as last observed, and how much of them the recent runs used. */
function describeRateLimits(s: StatusReport): string[] {
  const lines: string[] = [];
  for (const l of s.rate_limits) {
    const limits = [
      l.limit_requests === null ? null : `${l.limit_requests} requests/min`,
      l.limit_tokens === null ? null : `${l.limit_tokens} tokens/min`,
    ].filter((x) => x !== null);
    lines.push(
      `Rate limits of ${l.key}: ${limits.length > 0 ? limits.join(", ") : "not sent by the provider"}`,
    );
    const use = l.last_runs_use;
    if (use) {
      const pct = (share: number | null) => (share === null ? "?" : `${Math.round(share * 100)} %`);
      lines.push(
        `  last ${use.runs} run(s) used ${use.requests_per_min} requests/min (${pct(use.requests_share)}), ` +
          `${use.tokens_per_min} tokens/min (${pct(use.tokens_share)}) while running`,
      );
    }
    if (l.refused_total > 0)
      lines.push(`  refused ${l.refused_total} time(s) (429), last at ${l.last_refused_at}`);
  }
  return lines;
}

function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const CSV_COLUMNS = [
  "path",
  "status",
  "error_code",
  "error_message",
  "name",
  "email",
  "phone",
  "location",
  "years_experience",
  "summary",
  "links",
  "skills",
  "experience",
  "education",
  "certifications",
  "languages",
] as const;

/** One row per file; scalar candidate fields as they are, lists joined by "; " (RFC 4180 quoting). */
export function toCsv(rows: ExportRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) {
    const values = csvValues(row);
    lines.push(CSV_COLUMNS.map((column) => csvCell(values[column])).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

function csvValues(row: ExportRow): Record<(typeof CSV_COLUMNS)[number], string | number | null> {
  const c: Candidate | null = row.candidate;
  return {
    path: row.path,
    status: row.status,
    error_code: row.error_code,
    error_message: row.error_message,
    name: c?.name ?? null,
    email: c?.email ?? null,
    phone: c?.phone ?? null,
    location: c?.location ?? null,
    years_experience: c?.years_experience ?? null,
    summary: c?.summary ?? null,
    links: c ? c.links.join("; ") : null,
    skills: c ? c.skills.join("; ") : null,
    experience: c
      ? c.experience
          .map(
            (e) => `${e.title} at ${e.company} (${e.start ?? "?"}–${e.current ? "present" : (e.end ?? "?")})`,
          )
          .join("; ")
      : null,
    education: c
      ? c.education
          .map((e) => [e.degree, e.field, e.institution, e.end].filter(Boolean).join(", "))
          .join("; ")
      : null,
    certifications: c ? c.certifications.join("; ") : null,
    languages: c ? c.languages.join("; ") : null,
  };
}

/**
 * Quotes when needed. A cell starting with =, +, - or @ is prefixed with ' so a spreadsheet does not run it as a
 * formula (CSV injection), except plain numbers such as "+44 20 7946 0958", which cannot call anything.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d\s().-]+$/.test(text))
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
