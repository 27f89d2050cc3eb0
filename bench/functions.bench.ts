import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { migrate } from "../src/ledger/migrate.ts";
import { createPostgresClient } from "../src/ledger/postgres-client.ts";
import { buildFunctions, REPO_ROOT, unpackFunction } from "../test/support/netlify-dev.ts";
import { withBenchDatabase, withTempDir } from "./support/database.ts";
import type { Benchmark, BenchOutput, TargetCheck } from "./support/report.ts";
import { fmt, median, megabytes } from "./support/stats.ts";

/**
 * The deployed functions: (a) the zip each one uploads, as `netlify build --offline` makes it; (b) their cold
 * start — a new Node process importing the unpacked zip the way Netlify's Lambda bootstrap does, then the first
 * request, on real Postgres with the local folder as bucket.
 */

const TARGET_ZIP_BYTES = 15e6;
const TARGET_READY_MS = 800;
const SECRET = randomBytes(32).toString("hex");
/** Where a zip that does not load alone is unpacked instead: under the repository, beside its node_modules. */
const FALLBACK_DIR = path.join(REPO_ROOT, "node_modules", ".cache", "rw-bench-functions");
/** Functions whose first request runs a tick (and so claims a file). */
const TICKING: Record<string, { route: string; auth: boolean; body: string }> = {
  "process-resumes": { route: "/api/process", auth: true, body: "{}" },
  "scheduled-bucket-watcher": {
    route: "/.netlify/functions/scheduled-bucket-watcher",
    auth: false,
    body: JSON.stringify({ next_run: "2030-01-01T00:00:00.000Z" }),
  },
};
/** Packages netlify.toml leaves out of every zip, and the files of theirs nft would otherwise trace. */
const LEFT_OUT = [
  { label: "@napi-rs/canvas (native)", dir: "node_modules/@napi-rs/canvas-linux-x64-gnu", match: /\.node$/ },
  { label: "@electric-sql/pglite", dir: "node_modules/@electric-sql/pglite/dist", match: /\.(wasm|data)$/ },
];

interface ColdRun {
  /** Process start (performance.timeOrigin) to the first line of our script: Node itself. */
  boot: number;
  /** ... to Netlify's bootstrap and the function module imported (the handler can be called). */
  loaded: number;
  /** ... to a tiny PDF parsed through the bundle's own pdf.js (loaded by the module's warm-up); null without one. */
  warm: number | null;
  /** ... to the tick's first claim: the first file's log line, minus that file's own ms. */
  claim: number | null;
  /** ... to the first answer of the handler. */
  answered: number | null;
  status: number | null;
}

/**
 * The child: plain `node` (no tsx), run in the unpacked zip's folder. Prints one `RESULT {json}` line. Function
 * log lines are timed as they are written, then passed on.
 */
const CHILD = `
const boot = performance.now();
const [dir, name, route, auth, body] = process.argv.slice(1);
const write = process.stdout.write.bind(process.stdout);
let claim = null;
process.stdout.write = (chunk, ...rest) => {
  const text = String(chunk);
  const match = claim === null && /^(WARN )?file (done|failed|skipped|retrying) .* ms=(\\d+)/m.exec(text);
  if (match) claim = performance.now() - Number(match[3]);
  return write(chunk, ...rest);
};
await import(dir + "/___netlify-bootstrap.mjs");
const mod = await import(dir + "/netlify/functions/" + name + ".mjs");
const loaded = performance.now();
// A function that never extracts (watcher-api) has no pdf.js in its zip: nothing to warm.
const pdfjs = dir + "/node_modules/pdfjs-dist/legacy/build/";
let warm = null;
if ((await import("node:fs")).existsSync(pdfjs + "pdf.mjs")) {
  // What src/extract/pdf.ts does on first use: inert DOM stand-ins, the worker registered in-process, one page read.
  for (const name of ["DOMMatrix", "Path2D", "ImageData"]) if (!(name in globalThis)) globalThis[name] = class {};
  await import(pdfjs + "pdf.worker.mjs");
  const { getDocument } = await import(pdfjs + "pdf.mjs");
  const tiny = "%PDF-1.4\\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\\n" +
    "3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>> endobj\\ntrailer <</Root 1 0 R>>\\n%%EOF\\n";
  const doc = await getDocument({ data: new TextEncoder().encode(tiny) }).promise;
  await (await doc.getPage(1)).getTextContent();
  await doc.destroy();
  warm = performance.now();
}
let answered = null, status = null;
if (route) {
  const headers = { "content-type": "application/json" };
  if (auth === "1") headers.authorization = "Bearer " + process.env.WATCHER_SECRET;
  const res = await mod.default(new Request("http://localhost" + route, { method: "POST", headers, body }), {});
  await res.text();
  answered = performance.now();
  status = res.status;
}
write("RESULT " + JSON.stringify({ boot, loaded, warm, claim, answered, status }) + "\\n");
`;

function runChild(
  dir: string,
  name: string,
  env: Record<string, string>,
): Promise<{ result: ColdRun | null; output: string }> {
  const tick = TICKING[name];
  const args = [dir, name, tick?.route ?? "", tick?.auth ? "1" : "0", tick?.body ?? ""];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", CHILD, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("close", (code) => {
      const line = output.split("\n").find((l) => l.startsWith("RESULT "));
      resolve({ result: code === 0 && line ? (JSON.parse(line.slice(7)) as ColdRun) : null, output });
    });
  });
}

/** Deflated size of the files of a package (what it would add to a zip), bytes. */
async function deflatedSize(dir: string, match: RegExp): Promise<{ raw: number; deflated: number }> {
  let raw = 0;
  let deflated = 0;
  const names = await readdir(path.join(REPO_ROOT, dir)).catch(() => [] as string[]);
  for (const name of names.filter((n) => match.test(n))) {
    const bytes = await readFile(path.join(REPO_ROOT, dir, name));
    raw += bytes.length;
    deflated += deflateRawSync(bytes).length;
  }
  return { raw, deflated };
}

const ms = (values: number[]) =>
  values.length === 0 ? "–" : `${fmt(median(values))} [${fmt(Math.max(...values))}]`;

export const functionsBench: Benchmark = {
  name: "functions",
  async run(ctx): Promise<BenchOutput> {
    const runs = ctx.quick ? 2 : 5;
    ctx.log("functions: netlify build --offline");
    const buildStarted = performance.now();
    const built = await buildFunctions();
    const buildMs = performance.now() - buildStarted;
    const notes: string[] = [];

    const sizeRows = built.map((fn) => {
      const top = [...fn.byPackage.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([name, bytes]) => `${name} ${fmt(bytes / 1e6, 2)}`)
        .join(", ");
      return [fn.name, megabytes(fn.bytes), megabytes(fn.unpackedBytes), top];
    });
    const leftOut = await Promise.all(
      LEFT_OUT.map(async (p) => ({ ...p, ...(await deflatedSize(p.dir, p.match)) })),
    );
    notes.push(
      `netlify.toml leaves out of every zip: ${leftOut
        .map((p) => `${p.label} (${megabytes(p.raw)}, ~${megabytes(p.deflated)} deflated)`)
        .join(" and ")}; with them each zip would be that much bigger.`,
    );

    const coldRows: string[][] = [];
    const selfContained = new Map<string, string>();
    let readyWorst = 0;
    await withBenchDatabase(async (db) => {
      const sql = createPostgresClient(db.url, { max: 1 });
      try {
        await migrate(sql);
      } finally {
        await sql.close();
      }
      await withTempDir("rw-bench-functions-", async (tmp) => {
        const bucket = path.join(tmp, "bucket");
        await mkdir(bucket);
        const pdf = await readFile(path.join(REPO_ROOT, "samples", "daniel-okafor.pdf"));
        const env = {
          DATABASE_URL: db.url,
          LOCAL_BUCKET_DIR: bucket,
          WATCHER_SECRET: SECRET,
          PARSER: "heuristic",
        };
        let fileNo = 0;
        for (const fn of built) {
          // Outside the repository, as on Lambda: Node cannot fall back on the repository's node_modules.
          let dir = path.join(tmp, fn.name);
          await unpackFunction(fn, dir);
          let probe = await runChild(dir, fn.name, env);
          if (!probe.result) {
            const missing =
              /Cannot find (?:package|module) '([^']+)'/.exec(probe.output)?.[1] ?? "see stderr";
            selfContained.set(fn.name, `no: ${missing}`);
            ctx.log(`functions: ${fn.name} does not load on its own (${missing} missing)`);
            // Measured anyway with the repository's node_modules reachable (what `netlify dev` does).
            dir = path.join(FALLBACK_DIR, fn.name);
            await unpackFunction(fn, dir);
            probe = await runChild(dir, fn.name, env);
            if (!probe.result)
              throw new Error(`${fn.name} does not load even beside node_modules:\n${probe.output}`);
          } else {
            selfContained.set(fn.name, "yes");
          }
          const samples: ColdRun[] = [];
          for (let i = 0; i < runs; i += 1) {
            // One new file per run, so each first request claims exactly one (a PDF).
            fileNo += 1;
            await writeFile(
              path.join(bucket, `cold-${fileNo}.pdf`),
              Buffer.concat([pdf, Buffer.from(`\n% ${fileNo}\n`)]),
            );
            ctx.log(`functions: ${fn.name} cold start ${i + 1}/${runs}`);
            const run = await runChild(dir, fn.name, env);
            if (!run.result) throw new Error(`${fn.name} cold start failed:\n${run.output.slice(-3000)}`);
            if (run.result.status !== null && run.result.status !== 200) {
              throw new Error(`${fn.name} answered ${run.result.status}:\n${run.output.slice(-3000)}`);
            }
            samples.push(run.result);
          }
          const pick = (key: keyof ColdRun) =>
            samples.map((s) => s[key]).filter((v): v is number => typeof v === "number");
          const ready = pick("warm").length > 0 ? pick("warm") : pick("loaded");
          readyWorst = Math.max(readyWorst, median(ready));
          coldRows.push([
            fn.name,
            selfContained.get(fn.name) ?? "?",
            ms(pick("boot")),
            ms(pick("loaded")),
            ms(pick("warm")),
            ms(pick("claim")),
            ms(pick("answered")),
          ]);
        }
      });
    });

    await rm(FALLBACK_DIR, { recursive: true, force: true });
    const biggest = Math.max(...built.map((fn) => fn.bytes));
    const loadable = [...selfContained.values()].every((v) => v === "yes");
    const targets: TargetCheck[] = [
      {
        metric: "deployed bundle per function (zip)",
        target: `≤ ${megabytes(TARGET_ZIP_BYTES)}`,
        measured: `${megabytes(biggest)} (largest of ${built.length})`,
        met: biggest <= TARGET_ZIP_BYTES,
      },
      {
        metric: "cold start: new process → handler ready, pdf.js warm",
        target: `≤ ${TARGET_READY_MS} ms`,
        measured: `${fmt(readyWorst)} ms (median, slowest function)`,
        met: readyWorst <= TARGET_READY_MS,
      },
      {
        metric: "every zip loads on its own (no package missing)",
        target: "yes",
        measured: loadable
          ? "yes"
          : [...selfContained]
              .filter(([, v]) => v !== "yes")
              .map(([k, v]) => `${k}: ${v}`)
              .join("; "),
        met: loadable,
      },
    ];
    if (!loadable) {
      notes.push(
        "A zip that does not load on its own would fail on Netlify at its first request; its cold start above was " +
          "measured with the repository's node_modules reachable, i.e. with the missing package loaded from there.",
      );
    }
    notes.push(`netlify build --offline took ${fmt(buildMs / 1000, 1)} s for ${built.length} functions.`);
    notes.push(
      "Since the previous run (1243086, on an AMD EPYC machine): pdf-parse is gone from the zips (pdf.js is used " +
        "directly), and module loading takes ~50 ms longer for every function alike, watcher-api included, which " +
        "has no pdf.js: the machine, not the code.",
    );
    return {
      title: "Netlify functions: bundle size and cold start",
      method: [
        "Bundles: `netlify build --offline` (netlify-cli 27.10, zip-it-and-ship-it: esbuild bundles each function " +
          "and everything it imports from src/ into one .mjs, @vercel/nft copies the node_modules files it needs) " +
          "writes `.netlify/functions/<name>.zip`, the file a deploy uploads; Netlify's limit is 50 MB zipped.",
        `Cold start: each zip unpacked into a temp folder outside the repository (as Lambda unpacks it into ` +
          `/var/task: no node_modules above it), then ${runs} fresh \`node\` processes per function, each importing ` +
          "Netlify's bootstrap and the function module (as the bootstrap does on the first invocation) — the " +
          "module's top level starts the PDF warm-up — then parsing a tiny PDF through the bundle's own pdf.js " +
          '("warm"), then calling the handler once with its first request: POST /api/process, or the scheduled ' +
          "tick, each finding one new PDF in a local-folder bucket, ledger on local PostgreSQL. Times count from " +
          "the process's start (performance.timeOrigin); \"claim\" is when the first file's processing began " +
          "(its log line minus its own ms).",
        "Not included: Lambda's own runtime start and the download of the zip (Netlify's side), network latency " +
          "to Supabase. A 1,024 MB Lambda gets about 0.6 of a vCPU, so expect module loading to take longer there " +
          "than on this machine.",
      ],
      tables: [
        {
          caption: "Deployed zip per function (MB; largest packages, MB zipped)",
          headers: ["function", "zip", "unpacked", "largest parts (zipped)"],
          rows: sizeRows,
        },
        {
          caption: `Cold start, ms from process start: median [max] of ${runs} new processes`,
          headers: [
            "function",
            "zip loads alone",
            "Node boot",
            "module loaded",
            "pdf.js warm",
            "first claim",
            "first answer",
          ],
          rows: coldRows,
        },
      ],
      targets,
      notes,
    };
  },
};
