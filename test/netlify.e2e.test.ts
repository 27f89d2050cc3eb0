/**
 * The Netlify functions end to end, through netlify-cli's own bundling and Functions v2 runtime
 * (`netlify functions:serve --offline`, test/support/netlify-dev.ts), on a fresh real-Postgres database and a temp
 * folder holding the samples: every function over HTTP, the HTTP rules, and what the functions log. Then the
 * bundles unpacked alone, as Lambda runs them, and the fail-closed answers without a usable WATCHER_SECRET.
 *
 * One server for the main suite (start-up ~25 s on 2 cores: netlify-cli bundles the four functions), two small
 * ones for the secret checks. Every request runs in a fresh worker that imports its function again (~0.5 s each).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_BAD_FILES, SAMPLE_RESUMES } from "../scripts/samples-manifest.ts";
import { migrate } from "../src/ledger/migrate.ts";
import { createPostgresClient } from "../src/ledger/postgres-client.ts";
import type { SqlClient } from "../src/ledger/sql-client.ts";
import { RUN_JSON_KEYS } from "./support/contract.ts";
import { createPostgresDatabase, type TestDatabase } from "./support/db.ts";
import { createTempFolder, type TempFolder, textResume } from "./support/folders.ts";
import { type NetlifyDev, netlifyEnvironment, REPO_ROOT, startNetlifyDev } from "./support/netlify-dev.ts";

const SECRET = randomBytes(32).toString("hex");
const SAMPLES_DIR = path.join(REPO_ROOT, "samples");
const SERVER_TIMEOUT_MS = 240_000;

/** Every server's output, for the check that no candidate data reaches a log. */
const allLogs: string[] = [];

let db: TestDatabase;
let sql: SqlClient;
let bucket: TempFolder;

beforeAll(async () => {
  db = await createPostgresDatabase();
  sql = createPostgresClient(db.url, { max: 2 });
  await migrate(sql);
  bucket = await createTempFolder("rw-netlify-");
  for (const file of await readdir(SAMPLES_DIR)) {
    if (!file.startsWith(".") && file !== "README.md")
      await cp(path.join(SAMPLES_DIR, file), path.join(bucket.dir, file));
  }
}, SERVER_TIMEOUT_MS);

afterAll(async () => {
  await sql?.close();
  await db?.drop();
  await bucket?.cleanup();
  for (const n of [1, 2]) {
    await rm(path.join(REPO_ROOT, ".netlify", `e2e-functions-${n}`), { recursive: true, force: true });
  }
});

function functionEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DATABASE_URL: db.url,
    LOCAL_BUCKET_DIR: bucket.dir,
    WATCHER_SECRET: SECRET,
    PARSER: "heuristic",
    ...overrides,
  };
}

interface Call {
  method?: string;
  token?: string | null;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

async function call(dev: NetlifyDev, route: string, options: Call = {}) {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? SECRET : options.token;
  if (token !== null) headers.authorization ??= `Bearer ${token}`;
  let body: string | undefined;
  if (typeof options.body === "string") body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${dev.url}${route}`, { method: options.method ?? "GET", headers, body });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // The CLI's own answers (scheduled and background functions) are plain text.
  }
  return { status: response.status, headers: response.headers, text, json: json as Record<string, unknown> };
}

async function fileRows(): Promise<Map<string, { status: string; error_code: string | null }>> {
  const rows = await sql.query<{ path: string; status: string; last_error_code: string | null }>(
    "select path, status, last_error_code from watcher.resume_files",
  );
  return new Map(rows.map((row) => [row.path, { status: row.status, error_code: row.last_error_code }]));
}

describe("Netlify functions through netlify-cli (functions:serve --offline)", () => {
  let dev: NetlifyDev;

  beforeAll(async () => {
    dev = await startNetlifyDev({ env: functionEnv() });
  }, SERVER_TIMEOUT_MS);

  afterAll(async () => {
    if (!dev) return;
    allLogs.push(dev.logs());
    await dev.stop();
  });

  it("GET /api/health answers without a token", async () => {
    const health = await call(dev, "/api/health", { token: null });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ ok: true, reason: null });
    expect(health.headers.get("cache-control")).toBe("no-store");
  });

  it("401 without the right bearer token, on every authenticated function", async () => {
    for (const token of [null, "wrong-token", `${SECRET}x`]) {
      const status = await call(dev, "/api/status", { token });
      expect(status.status).toBe(401);
      expect(status.json).toMatchObject({ error: { code: "unauthorized" } });
      expect(status.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    const basic = await call(dev, "/api/status", { headers: { authorization: `Basic ${SECRET}` } });
    expect(basic.status).toBe(401);
    const process = await call(dev, "/api/process", { method: "POST", token: "wrong-token" });
    expect(process.status).toBe(401);
    const pause = await call(dev, "/api/pause", { method: "POST", token: null });
    expect(pause.status).toBe(401);
  });

  it("405 with Allow for other methods", async () => {
    const get = await call(dev, "/api/process");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(get.json).toMatchObject({ error: { code: "method_not_allowed" } });
    const post = await call(dev, "/api/status", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    const put = await call(dev, "/api/health", { method: "PUT", token: null });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET");
  });

  it("415 for a body that is not JSON, 400 naming the field, 413 past 64 KB", async () => {
    const text = await call(dev, "/api/process", {
      method: "POST",
      body: "paths=cv.pdf",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect(text.json).toMatchObject({ error: { code: "unsupported_media_type" } });

    const badJson = await call(dev, "/api/process", {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.json).toMatchObject({ error: { code: "bad_request" } });

    const badLimit = await call(dev, "/api/process", { method: "POST", body: { limit: "ten" } });
    expect(badLimit.status).toBe(400);
    expect((badLimit.json.error as { message: string }).message).toMatch(/^limit: /);

    const unknown = await call(dev, "/api/process", { method: "POST", body: { pathz: ["cv.pdf"] } });
    expect(unknown.status).toBe(400);
    expect((unknown.json.error as { message: string }).message).toContain("pathz: unknown field");

    const huge = await call(dev, "/api/process", {
      method: "POST",
      body: { paths: ["x".repeat(70 * 1024)] },
    });
    expect(huge.status).toBe(413);
    expect(huge.json).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("400 for paths that cannot name a bucket object", async () => {
    const cases: [unknown, RegExp][] = [
      [["cv/../../etc/passwd"], /^paths\[0\]: must not contain a \.\. segment/],
      [["/etc/passwd"], /^paths\[0\]: must be a key inside the bucket/],
      [["cv\u0000.pdf"], /^paths\[0\]: must not contain control characters/],
      [Array.from({ length: 101 }, (_, i) => `cv-${i}.pdf`), /^paths: at most 100 paths/],
      [[""], /^paths\[0\]: must not be empty/],
      ["cv.pdf", /^paths: must be an array/],
    ];
    for (const [paths, message] of cases) {
      const response = await call(dev, "/api/process", { method: "POST", body: { paths } });
      expect(response.status, JSON.stringify(paths).slice(0, 60)).toBe(400);
      expect((response.json.error as { message: string }).message).toMatch(message);
    }
    const retry = await call(dev, "/api/retry", { method: "POST", body: { paths: ["../x.pdf"] } });
    expect(retry.status).toBe(400);
    expect(await fileRows()).toEqual(new Map()); // nothing was listed or claimed by a refused request
  });

  it("POST /api/process {paths} parses the chosen PDF and DOCX inside the bundled function", async () => {
    const run = await call(dev, "/api/process", {
      method: "POST",
      body: { paths: ["daniel-okafor.pdf", "priya-raman.docx"], limit: 2 },
    });
    expect(run.status, run.text).toBe(200);
    expect(Object.keys(run.json)).toEqual(expect.arrayContaining([...RUN_JSON_KEYS]));
    // The named paths are queued before the listing, which then finds the other 8 new.
    expect(run.json).toMatchObject({
      listed: 10,
      new: 8,
      claimed: 2,
      done: 2,
      backlog: 8,
      outcome: "completed",
    });

    const parsed = await sql.query<{ path: string; name: string; email: string; phone: string }>(
      `select f.path, r.name, r.email, r.phone from watcher.resumes r
       join watcher.resume_files f on f.id = r.file_id order by f.path`,
    );
    const truth = (file: string) => {
      const resume = SAMPLE_RESUMES.find((r) => r.file === file);
      return { path: file, name: resume?.name, email: resume?.email, phone: resume?.phone };
    };
    expect(parsed).toEqual([truth("daniel-okafor.pdf"), truth("priya-raman.docx")]);
  });

  it("POST /api/process without paths claims the next files, at most `limit`", async () => {
    const run = await call(dev, "/api/process", { method: "POST", body: { limit: 3 } });
    expect(run.status, run.text).toBe(200);
    expect(run.json).toMatchObject({ claimed: 3, backlog: 5, outcome: "completed" });
    expect(Number(run.json.done) + Number(run.json.failed) + Number(run.json.skipped)).toBe(3);

    const dry = await call(dev, "/api/process", { method: "POST", body: { dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dry_run: true, backlog: 5 });
  });

  it("pause and resume; the scheduled function (POSTed by hand, as netlify-cli allows) runs the tick", async () => {
    expect((await call(dev, "/api/pause", { method: "POST" })).json).toEqual({ paused: true });
    const paused = await call(dev, "/.netlify/functions/scheduled-bucket-watcher", {
      method: "POST",
      token: null,
    });
    // netlify-cli answers a scheduled function itself (200 and a help text; 500 if the function threw).
    expect(paused.status, paused.text).toBe(200);
    const status = await call(dev, "/api/status");
    expect(status.json).toMatchObject({ paused: true, counts: { pending: 5 } });
    expect((status.json.last_runs as Record<string, unknown>[])[0]).toMatchObject({
      trigger: "schedule",
      outcome: "paused",
      claimed: 0,
    });

    expect((await call(dev, "/api/resume", { method: "POST", body: {} })).json).toEqual({ paused: false });
    const tick = await call(dev, "/.netlify/functions/scheduled-bucket-watcher", {
      method: "POST",
      token: null,
    });
    expect(tick.status, tick.text).toBe(200);

    const after = await call(dev, "/api/status");
    expect(after.json).toMatchObject({
      paused: false,
      counts: { pending: 0, processing: 0, done: 8, failed: 1, skipped: 1, removed: 0 },
    });
    expect((after.json.last_runs as Record<string, unknown>[])[0]).toMatchObject({
      trigger: "schedule",
      outcome: "completed",
    });
    const rows = await fileRows();
    for (const bad of SAMPLE_BAD_FILES) {
      expect(rows.get(bad.file)).toEqual({ status: bad.status, error_code: bad.error_code });
    }
    for (const resume of SAMPLE_RESUMES) expect(rows.get(resume.file)?.status).toBe("done");
  });

  it("the background function answers 202 at once and processes in the background", async () => {
    await bucket.write("late/new-candidate.txt", textResume(41));

    let mark = dev.logs().length;
    const refused = await call(dev, "/.netlify/functions/process-resumes-background", {
      method: "POST",
      token: "wrong-token",
    });
    expect(refused.status).toBe(202);
    await dev.waitForLog(/Done executing background function process-resumes-background/, { from: mark });
    expect(dev.logs().slice(mark)).toMatch(/status=401/);
    expect((await fileRows()).get("late/new-candidate.txt")).toBeUndefined();

    mark = dev.logs().length;
    const accepted = await call(dev, "/.netlify/functions/process-resumes-background", {
      method: "POST",
      body: {},
    });
    expect(accepted.status).toBe(202);
    expect(accepted.text).toBe("");
    await dev.waitForLog(/Done executing background function process-resumes-background/, {
      from: mark,
      timeoutMs: 60_000,
    });
    expect((await fileRows()).get("late/new-candidate.txt")).toEqual({ status: "done", error_code: null });
    const runs = await sql.query<{ trigger: string; done: number }>(
      "select trigger, done from watcher.watcher_runs order by started_at desc limit 1",
    );
    expect(runs).toEqual([{ trigger: "background", done: 1 }]);
  });

  it("POST /api/retry and /api/reprocess re-queue files", async () => {
    const retry = await call(dev, "/api/retry", { method: "POST" });
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual({ retried: 1 });
    const reprocess = await call(dev, "/api/reprocess", {
      method: "POST",
      body: { paths: ["daniel-okafor.pdf"] },
    });
    expect(reprocess.json).toEqual({ requeued: 1 });
    const both = await call(dev, "/api/reprocess", { method: "POST", body: {} });
    expect(both.status).toBe(400);
    const rows = await fileRows();
    expect(rows.get("scan.pdf")?.status).toBe("pending");
    expect(rows.get("daniel-okafor.pdf")?.status).toBe("pending");
  });

  it("the bundles load and parse a PDF unpacked alone, without the repository's node_modules", async () => {
    // What Lambda gets: the CLI's bundle of each function (the same pipeline as the deploy's zip), copied out of
    // the repository so Node cannot fall back on its node_modules for a package the bundle left out.
    const pdf = await readFile(path.join(SAMPLES_DIR, "maria-schmidt.pdf"));
    // Different bytes (a trailing comment), so the result is parsed, not reused from maria-schmidt.pdf.
    await bucket.write("isolated/maria-copy.pdf", Buffer.concat([pdf, Buffer.from("\n% copy\n")]));
    const outside = await mkdtemp(path.join(tmpdir(), "rw-bundle-"));
    try {
      for (const name of [
        "process-resumes",
        "process-resumes-background",
        "scheduled-bucket-watcher",
        "watcher-api",
      ]) {
        const dir = path.join(outside, name);
        await cp(path.join(REPO_ROOT, ".netlify", "functions-serve", name), dir, { recursive: true });
        const packages = await readdir(path.join(dir, "node_modules"));
        expect(packages, "left out by netlify.toml included_files").not.toContain("@napi-rs");
        expect(packages, "left out by netlify.toml included_files").not.toContain("@electric-sql");
        const invoke = name === "process-resumes";
        const result = await importAlone(dir, name, invoke);
        expect(result.code, result.output).toBe(0);
        if (invoke) {
          const summary = JSON.parse(result.output.trim().split("\n").at(-1) ?? "{}");
          // With the two files re-queued above: scan.pdf fails again, daniel-okafor.pdf and the copy are parsed.
          expect(summary).toMatchObject({
            status: 200,
            body: { claimed: 3, done: 2, failed: 1, backlog: 0 },
          });
        }
      }
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
    expect((await fileRows()).get("isolated/maria-copy.pdf")).toEqual({ status: "done", error_code: null });
  });

  it("logs name files and codes, never a candidate's name, e-mail or phone", () => {
    const logs = dev.logs();
    expect(logs).toMatch(/file done path=daniel-okafor\.pdf/);
    assertNoCandidateData(logs);
  });

  it("stop() ends the CLI and everything it started", async () => {
    await dev.stop();
    expect(dev.leftovers()).toEqual([]);
    await expect(fetch(`${dev.url}/api/health`)).rejects.toThrow();
  });
});

describe("the functions fail closed without a usable WATCHER_SECRET", () => {
  // Copies of the real entries in a folder of their own, as deep as netlify/functions so that their ../../src
  // imports still resolve: a server that bundles one or two functions starts faster than one with all four.
  // Unset: both HTTP functions; too short: watcher-api alone (the same check, one bundle less to wait for).
  const cases = [
    { label: "unset", secret: undefined, functions: ["process-resumes", "watcher-api"] },
    {
      label: "shorter than 32 characters",
      secret: "a-31-character-secret-123456789",
      functions: ["watcher-api"],
    },
  ];

  for (const { label, secret, functions } of cases) {
    it(
      `503 not_configured when WATCHER_SECRET is ${label}`,
      async () => {
        const functionsDir = path.join(REPO_ROOT, ".netlify", `e2e-functions-${functions.length}`);
        await mkdir(functionsDir, { recursive: true });
        for (const name of functions) {
          await cp(
            path.join(REPO_ROOT, "netlify", "functions", `${name}.mts`),
            path.join(functionsDir, `${name}.mts`),
          );
        }
        const dev = await startNetlifyDev({ functionsDir, env: functionEnv({ WATCHER_SECRET: secret }) });
        try {
          const routes: [string, string][] = [
            ["/api/status", "GET"],
            ["/api/pause", "POST"],
          ];
          if (functions.includes("process-resumes")) routes.push(["/api/process", "POST"]);
          for (const [route, method] of routes) {
            const answer = await call(dev, route, { method, token: secret ?? "anything" });
            expect(answer.status, route).toBe(503);
            expect(answer.json).toMatchObject({ error: { code: "not_configured" } });
            expect((answer.json.error as { message: string }).message).toContain("WATCHER_SECRET");
          }
          // A token equal to no usable secret changes nothing; health is public and the database is fine.
          expect(await call(dev, "/api/status")).toMatchObject({ status: 503 });
          expect((await call(dev, "/api/health", { token: null })).status).toBe(200);
        } finally {
          allLogs.push(dev.logs());
          await dev.stop();
        }
        expect(dev.leftovers()).toEqual([]);
      },
      SERVER_TIMEOUT_MS,
    );
  }

  it("no server's log holds candidate data", () => {
    expect(allLogs.length).toBe(3);
    assertNoCandidateData(allLogs.join("\n"));
  });
});

describe("netlify-dev harness", () => {
  it("hands the functions no variable of the test process or of the project's .env files", async () => {
    const project = await mkdtemp(path.join(tmpdir(), "rw-dotenv-"));
    try {
      await writeFile(
        path.join(project, ".env"),
        "OPENAI_API_KEY=sk-from-dotenv\nDATABASE_URL=postgres://dev/db\n",
      );
      await writeFile(path.join(project, ".env.local"), "SUPABASE_URL=https://dev.supabase.co\n");
      process.env.RW_HARNESS_LEAK_CHECK = "leak";
      const env = netlifyEnvironment(
        { DATABASE_URL: "postgres://test/db", WATCHER_SECRET: undefined },
        project,
      );
      expect(env).toMatchObject({
        OPENAI_API_KEY: "",
        SUPABASE_URL: "",
        DATABASE_URL: "postgres://test/db",
        CI: "1",
      });
      expect(env).not.toHaveProperty("WATCHER_SECRET");
      expect(env).not.toHaveProperty("RW_HARNESS_LEAK_CHECK");
    } finally {
      delete process.env.RW_HARNESS_LEAK_CHECK;
      await rm(project, { recursive: true, force: true });
    }
  });
});

function assertNoCandidateData(logs: string): void {
  for (const resume of SAMPLE_RESUMES) {
    for (const value of [resume.name, resume.email, resume.phone, resume.phone.replace(/\D/g, "")]) {
      expect(logs, `${resume.file}: ${value}`).not.toContain(value);
    }
  }
  for (const value of ["Candidate Number41", "candidate41@example.com"]) expect(logs).not.toContain(value);
}

/**
 * Imports a function's bundle in a fresh Node process from `dir` (Netlify's bootstrap first, as on Lambda); with
 * `invoke`, also calls it with POST /api/process naming isolated/maria-copy.pdf and prints the answer.
 */
function importAlone(
  dir: string,
  name: string,
  invoke: boolean,
): Promise<{ code: number | null; output: string }> {
  const script = `
    await import(${JSON.stringify(path.join(dir, "___netlify-bootstrap.mjs"))});
    const mod = await import(${JSON.stringify(path.join(dir, "netlify", "functions", `${name}.mjs`))});
    if (typeof mod.default !== "function") throw new Error("no default export");
    if (${invoke}) {
      const req = new Request("http://localhost/api/process", {
        method: "POST",
        headers: { authorization: "Bearer ${SECRET}", "content-type": "application/json" },
        body: JSON.stringify({ paths: ["isolated/maria-copy.pdf"] }),
      });
      const res = await mod.default(req, {});
      console.log(JSON.stringify({ status: res.status, body: await res.json() }));
    }
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", ...definedOnly(functionEnv()) },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
