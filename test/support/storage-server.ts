import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ANSWERS,
  type BucketContext,
  downloadReply,
  getBucketReply,
  type ListV2Mode,
  listReply,
  listV2Reply,
  type Reply,
  routeNotFound,
} from "./storage-server-routes.ts";

export { ANSWERS, type Reply, storageError } from "./storage-server-routes.ts";

/**
 * A Supabase Storage server for tests, wire-compatible with what supabase-js 2.119 sends and what
 * supabase/storage answers, over a folder: each bucket is a sub-folder of `root`, each file an object (the tests
 * add, change and delete files directly). Routes (under /storage/v1): POST object/list/<bucket>, POST
 * object/list-v2/<bucket>, GET object/<bucket>/<key> (and object/authenticated/...), GET bucket/<id>.
 * `url` is the project URL to give `createClient`; it listens on 127.0.0.1 on a free port.
 */

export type RequestKind = "list" | "listV2" | "download" | "getBucket" | "other";

/** What a fault answers instead of the real server; `stallMs` waits that long, then answers normally. */
export type FaultAnswer = Reply | { stallMs: number };

export interface RecordedRequest {
  kind: RequestKind;
  method: string;
  path: string;
  /** The JSON body (listing requests), parsed. */
  body: unknown;
  /** False while (and when) the client went away before the whole answer was sent. */
  finished: boolean;
}

export interface StorageFaults {
  /** The next `times` requests of `kind` get `answer` (default: 500 InternalError). */
  failNext(kind: RequestKind, times: number, answer?: FaultAnswer): void;
  /** The `nth` request of `kind` from now (1 = the next one) gets `answer`. */
  failNth(kind: RequestKind, nth: number, answer: FaultAnswer): void;
  /** Requests of `kind` received so far (faulted ones included). */
  count(kind: RequestKind): number;
}

export interface StorageServerOptions {
  root: string;
  /** Bucket ids that exist; their folders are created under `root`. */
  buckets: string[];
  /** The only key accepted, as `Authorization: Bearer` or `apikey`. */
  serviceKey: string;
  features?: {
    /**
     * How list-v2 answers. "enabled" (default); "feature-not-enabled": 400 FeatureNotEnabled; "tenant-not-migrated":
     * 400 with only a message, as supabase/storage answers hosted tenants not yet migrated; "missing-route": HTTP
     * 404 "Route not found", as a server older than list-v2 answers.
     */
    listV2?: ListV2Mode;
    /** Check `apikey` first like the hosted API gateway: a wrong or missing one is HTTP 401, Storage never sees it. */
    gateway?: boolean;
  };
}

export interface StorageServer {
  url: string;
  faults: StorageFaults;
  requests: RecordedRequest[];
  /** The bucket stops existing (its folder stays; listing it answers 200 [] like a real missing bucket). */
  removeBucket(id: string): void;
  close(): Promise<void>;
}

interface Rule {
  kind: RequestKind;
  skip: number;
  times: number;
  answer: FaultAnswer;
}

interface Route {
  kind: RequestKind;
  bucket: string;
  key: string;
  /** The plain download route (not /authenticated/) accepts a missing or invalid JWT as anonymous. */
  anonymousAllowed: boolean;
}

interface ServerState {
  options: StorageServerOptions;
  buckets: Set<string>;
  rules: Rule[];
  requests: RecordedRequest[];
}

export async function startStorageServer(options: StorageServerOptions): Promise<StorageServer> {
  for (const bucket of options.buckets) await mkdir(path.join(options.root, bucket), { recursive: true });
  const state: ServerState = { options, buckets: new Set(options.buckets), rules: [], requests: [] };
  const server = createServer((req, res) => {
    handle(req, res, state)
      .then((reply) => write(res, reply))
      .catch((error: unknown) =>
        write(res, { status: 500, body: { statusCode: "500", message: String(error) } }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const addRule = (rule: Rule) => void state.rules.push(rule);
  return {
    url: `http://127.0.0.1:${port}`,
    requests: state.requests,
    faults: {
      failNext: (kind, times, answer = ANSWERS.internalError) => addRule({ kind, skip: 0, times, answer }),
      failNth: (kind, nth, answer) => addRule({ kind, skip: nth - 1, times: 1, answer }),
      count: (kind) => state.requests.filter((r) => r.kind === kind).length,
    },
    removeBucket: (id) => void state.buckets.delete(id),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, state: ServerState): Promise<Reply> {
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const route = routeOf(method, url.pathname);
  const body = method === "POST" ? await readJson(req) : undefined;
  const record: RecordedRequest = { kind: route.kind, method, path: url.pathname, body, finished: false };
  state.requests.push(record);
  res.on("finish", () => {
    record.finished = true;
  });
  const fault = takeFault(state.rules, route.kind);
  if (fault && "stallMs" in fault) await sleep(fault.stallMs);
  else if (fault) return fault;
  const { options } = state;
  if (options.features?.gateway && req.headers.apikey !== options.serviceKey) {
    return {
      status: 401,
      body: { message: req.headers.apikey ? "Invalid API key" : "No API key found in request" },
    };
  }
  const auth = authOf(req, options.serviceKey);
  const context: BucketContext = {
    root: options.root,
    bucket: route.bucket,
    exists: state.buckets.has(route.bucket),
  };
  if (route.kind === "other") return routeNotFound(method, url.pathname);
  if (route.kind === "download") {
    return downloadReply(context, route.key, {
      authenticated: auth === "ok",
      anonymousAllowed: route.anonymousAllowed,
    });
  }
  if (auth === "missing") return ANSWERS.missingAuthorization;
  if (auth === "wrong") return ANSWERS.accessDenied;
  if (route.kind === "getBucket") return getBucketReply(context);
  if (route.kind === "list") return listReply(context, body);
  return listV2Reply(context, body, options.features?.listV2 ?? "enabled", url.pathname);
}

function routeOf(method: string, pathname: string): Route {
  const [storage, version, area, ...rest] = pathname.split("/").slice(1).map(decodeURIComponent);
  const none: Route = { kind: "other", bucket: "", key: "", anonymousAllowed: false };
  if (storage !== "storage" || version !== "v1") return none;
  if (area === "bucket" && method === "GET" && rest.length === 1) {
    return { ...none, kind: "getBucket", bucket: rest[0] ?? "" };
  }
  const [first, second, ...keyParts] = rest;
  if (area !== "object" || !first || !second) return none;
  if (method === "POST" && first === "list") return { ...none, kind: "list", bucket: second };
  if (method === "POST" && first === "list-v2") return { ...none, kind: "listV2", bucket: second };
  if (method !== "GET") return none;
  if (first === "authenticated")
    return { ...none, kind: "download", bucket: second, key: keyParts.join("/") };
  return { kind: "download", bucket: first, key: [second, ...keyParts].join("/"), anonymousAllowed: true };
}

/** supabase-js sends the key both as `apikey` and as `Authorization: Bearer`; the bearer decides when present. */
function authOf(req: IncomingMessage, serviceKey: string): "ok" | "missing" | "wrong" {
  const bearer = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
  const token = bearer || (typeof req.headers.apikey === "string" ? req.headers.apikey : "");
  if (!token) return "missing";
  return token === serviceKey ? "ok" : "wrong";
}

function takeFault(rules: Rule[], kind: RequestKind): FaultAnswer | null {
  let chosen: FaultAnswer | null = null;
  for (const rule of rules) {
    if (rule.kind !== kind || rule.times === 0) continue;
    if (rule.skip > 0) rule.skip -= 1;
    else if (chosen === null) {
      rule.times -= 1;
      chosen = rule.answer;
    }
  }
  return chosen;
}

function write(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if ("file" in reply) {
    res.writeHead(200, reply.headers);
    createReadStream(reply.file.file).pipe(res);
    return;
  }
  const isText = typeof reply.body === "string";
  const text = isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": isText ? "text/html" : "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}
