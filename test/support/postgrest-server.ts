import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import type { ApiRole } from "./supabase-roles.ts";

/**
 * A wire-compatible stand-in for Supabase's Data API (gateway + PostgREST 12/13), RPC only, on 127.0.0.1:
 * `createClient(url, key).rpc(fn, args)` from @supabase/supabase-js works against it unchanged (`POST
 * /rest/v1/rpc/<fn>`, a JSON object body, `apikey` + `Authorization: Bearer` headers, `Content-Profile: public`).
 *
 * As PostgREST does: only schema public is exposed; the function is chosen by its argument names (findProc in
 * PostgREST's Plan.hs); the call runs in one transaction, READ ONLY for stable/immutable functions, after the
 * role's settings, `set_config('role', …)` and the request GUCs; the arguments travel as one JSON parameter through
 * json_to_record typed from pg_proc; SQL errors become `{code, message, details, hint}` with PostgREST's SQLSTATE →
 * HTTP status mapping (Error.hs).
 *
 * Not reproduced: GET/HEAD calls, array bodies (bulk calls), Prefer, `raise sqlstate 'PGRST'`, the fuzzy "Perhaps
 * you meant" hints, real JWTs (keys map straight to roles) and the schema cache (the catalog is read per request, so
 * it is never stale). It connects as the URL's user rather than `authenticator`: after SET ROLE, privilege checks
 * are the same.
 */
export interface RpcServerOptions {
  databaseUrl: string;
  /** API key → the role its JWT would carry. Any other key is refused, as Supabase's gateway does (401). */
  keys: Record<string, ApiRole>;
}

export interface RpcRequestRecord {
  /** Function named in the path; null when the path is not /rest/v1/rpc/<fn>. */
  fn: string | null;
  /** Role the key maps to; null when the request was refused before that. */
  role: ApiRole | null;
  status: number;
}

export interface RpcServer {
  /** The Supabase project URL to give createClient. */
  url: string;
  /** Every request, in arrival order. */
  requests: RpcRequestRecord[];
  close(): Promise<void>;
}

interface ErrorBody {
  code?: string;
  message: string;
  details?: string | null;
  hint?: string | null;
}

class RpcError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

interface CallContext {
  role: ApiRole;
  path: string;
  headers: IncomingHttpHeaders;
}

interface Reply {
  status: number;
  body: string | null;
  headers?: Record<string, string>;
}

interface Param {
  name: string;
  type: string;
  required: boolean;
  variadic: boolean;
}

interface Routine {
  name: string;
  params: Param[];
  returnsSet: boolean;
  returnsVoid: boolean;
  volatile: boolean;
}

type Sql = postgres.Sql;
type Keys = Map<string, ApiRole>;

/** Supabase's PostgREST settings: db-schemas = public, db-extra-search-path = public, extensions. */
const EXPOSED_SCHEMA = "public";
const SEARCH_PATH = "public, extensions";
const POOL_OPTIONS = { prepare: false, max: 4, onnotice: () => {}, connect_timeout: 5 };

export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const sql = postgres(options.databaseUrl, POOL_OPTIONS);
  const keys = new Map(Object.entries(options.keys));
  const requests: RpcRequestRecord[] = [];
  const server = createServer(async (req, res) => {
    const record: RpcRequestRecord = { fn: null, role: null, status: 0 };
    requests.push(record);
    const reply = await answer(req, sql, keys, record).catch((e: unknown) => errorReply(e, record.role));
    record.status = reply.status;
    send(res, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sql.end({ timeout: 5 });
    },
  };
}

async function answer(req: IncomingMessage, sql: Sql, keys: Keys, record: RpcRequestRecord): Promise<Reply> {
  const raw = await readBody(req);
  const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
  record.fn = rpcName(path);
  record.role = authenticate(req.headers, keys);
  if (record.fn === null) throw new RpcError(404, pgrst("PGRST125", "Invalid path specified in request URL"));
  if (req.method !== "POST")
    throw new RpcError(405, pgrst("PGRST101", `Cannot use the ${req.method} method on RPC`));
  checkProfile(req.headers);
  const args = parseArgs(raw);
  const routine = chooseRoutine(record.fn, Object.keys(args), await readRoutines(sql, record.fn));
  const body = await callRoutine(sql, routine, args, { role: record.role, path, headers: req.headers });
  return body === null ? { status: 204, body: null } : { status: 200, body };
}

function rpcName(path: string): string | null {
  const segment = /^\/rest\/v1\/rpc\/([^/]+)$/.exec(path)?.[1];
  try {
    return segment === undefined ? null : decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The gateway checks `apikey`; PostgREST then takes the role from the Bearer token (supabase-js sends the key). */
function authenticate(headers: IncomingHttpHeaders, keys: Keys): ApiRole {
  const apiKey = header(headers, "apikey");
  if (!apiKey)
    throw gatewayError("No API key found in request", "No `apikey` request header or url param was found.");
  if (!keys.has(apiKey))
    throw gatewayError("Invalid API key", "Double check your Supabase `anon` or `service_role` API key.");
  const bearer = /^Bearer (.+)$/i.exec(header(headers, "authorization") ?? "")?.[1] ?? apiKey;
  const role = keys.get(bearer);
  if (!role) throw new RpcError(401, pgrst("PGRST301", "No suitable key or wrong key type"));
  return role;
}

/** Supabase's gateway answers without a PostgREST code. */
function gatewayError(message: string, hint: string): RpcError {
  return new RpcError(401, { message, hint });
}

function checkProfile(headers: IncomingHttpHeaders): void {
  const schema = header(headers, "content-profile") ?? header(headers, "accept-profile");
  if (schema !== undefined && schema !== EXPOSED_SCHEMA) {
    const hint = `Only the following schemas are exposed: ${EXPOSED_SCHEMA}`;
    throw new RpcError(406, pgrst("PGRST106", `Invalid schema: ${schema}`, undefined, hint));
  }
}

/** PostgREST takes an empty body as no arguments. */
function parseArgs(raw: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch {
    throw new RpcError(400, pgrst("PGRST102", "Empty or invalid json"));
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RpcError(400, pgrst("PGRST102", "This test server takes a JSON object of arguments only"));
  }
  return parsed as Record<string, unknown>;
}

/**
 * Every overload of `name` in the exposed schema. Its input parameters (modes in, inout, variadic) in declaration
 * order; the last `pronargdefaults` of them have defaults.
 */
async function readRoutines(sql: Sql, name: string): Promise<Routine[]> {
  const rows = await sql.unsafe<Omit<Routine, "name">[]>(
    `select p.proretset as "returnsSet", p.prorettype = 'void'::regtype as "returnsVoid",
       p.provolatile = 'v' as volatile,
       coalesce((select json_agg(json_build_object('name', coalesce(a.name, ''), 'type', format_type(a.type, null),
                   'variadic', a.mode = 'v', 'required', a.input_no <= p.pronargs - p.pronargdefaults) order by a.n)
                 from (select *, row_number() over (order by n) as input_no
                       from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes::text[])
                            with ordinality as u(type, name, mode, n)
                       where coalesce(mode, 'i') in ('i', 'b', 'v')) as a), '[]') as params
     from pg_proc p
     where p.pronamespace = to_regnamespace($1::text) and p.proname = $2::text and p.prokind = 'f'`,
    [EXPOSED_SCHEMA, name],
  );
  return rows.map((row) => ({ ...row, name }));
}

/** PostgREST's findProc: the keys must be the required parameters plus any of the defaulted ones. */
function chooseRoutine(name: string, keys: string[], routines: Routine[]): Routine {
  const given = new Set(keys);
  const matches = routines.filter(({ params }) => {
    const optional = new Set(params.filter((p) => !p.required).map((p) => p.name));
    const required = params.filter((p) => p.required).map((p) => p.name);
    const rest = keys.filter((key) => !optional.has(key));
    return rest.length === required.length && required.every((p) => given.has(p));
  });
  const found = matches.length > 0 ? matches : routines.filter(takesWholeBody);
  if (found.length === 1 && found[0]) return found[0];
  throw found.length > 1 ? ambiguous(name, found) : notFound(name, keys);
}

function notFound(name: string, keys: string[]): RpcError {
  const fn = `${EXPOSED_SCHEMA}.${name}`;
  const sorted = [...keys].sort();
  const plural = sorted.length > 1 ? "s" : "";
  const [called, searched] =
    sorted.length === 0
      ? [" without parameters", " without parameters"]
      : [`(${sorted.join(", ")})`, ` with parameter${plural} ${sorted.join(", ")}`];
  return new RpcError(
    404,
    pgrst(
      "PGRST202",
      `Could not find the function ${fn}${called} in the schema cache`,
      `Searched for the function ${fn}${searched} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    ),
  );
}

function ambiguous(name: string, routines: Routine[]): RpcError {
  const signature = (r: Routine) => r.params.map((p) => `${p.name} => ${p.type}`).join(", ");
  const candidates = routines.map((r) => `${EXPOSED_SCHEMA}.${name}(${signature(r)})`).join(", ");
  const hint =
    "Try renaming the parameters or the function itself in the database so function overloading can be resolved";
  return new RpcError(
    300,
    pgrst("PGRST203", `Could not choose the best candidate function between: ${candidates}`, undefined, hint),
  );
}

/** PostgREST's fallback when no parameter names match: one unnamed json/jsonb parameter gets the whole body. */
function takesWholeBody({ params: [only, ...others] }: Routine): boolean {
  return others.length === 0 && only?.name === "" && (only.type === "json" || only.type === "jsonb");
}

/**
 * `with pgrst_body as (select $1 …) select fn(p_a := _.p_a, …) from json_to_record(body) as _(p_a <type>, …)`, as
 * PostgREST builds it: function, parameter names and types come from pg_proc; the request body is only ever data.
 */
function callSql(routine: Routine, keys: Set<string>): string {
  const fn = `${ident(EXPOSED_SCHEMA)}.${ident(routine.name)}`;
  const body = "(select body from pgrst_body)";
  if (takesWholeBody(routine)) return wrapCall(routine, `${fn}(${body}::${routine.params[0]?.type})`, null);
  const given = routine.params.filter((p) => keys.has(p.name));
  const args = given.map((p) => `${p.variadic ? "variadic " : ""}${ident(p.name)} := _.${ident(p.name)}`);
  const columns = given.map((p) => `${ident(p.name)} ${p.type}`).join(", ");
  const record = given.length === 0 ? null : `json_to_record(${body}) as _(${columns})`;
  return wrapCall(routine, `${fn}(${args.join(", ")})`, record);
}

/** A set becomes a JSON array of its rows; anything else (jsonb, scalar, composite) its own JSON value. */
function wrapCall(routine: Routine, call: string, record: string | null): string {
  const cte = "with pgrst_body as (select $1::text::json as body)";
  if (routine.returnsSet) {
    return `${cte} select coalesce(json_agg(_r), '[]')::text as body from ${record ? `${record}, lateral ` : ""}${call} as _r`;
  }
  return `${cte} select to_json(${call})::text as body${record ? ` from ${record}` : ""}`;
}

/** The function's JSON answer as text; null for a void function (PostgREST answers 204). */
async function callRoutine(
  sql: Sql,
  routine: Routine,
  args: object,
  ctx: CallContext,
): Promise<string | null> {
  const text = callSql(routine, new Set(Object.keys(args)));
  return sql.begin(routine.volatile ? "read write" : "read only", async (tx) => {
    await impersonate(tx, ctx);
    const rows = await tx.unsafe<{ body: string | null }[]>(text, [JSON.stringify(args)]);
    return routine.returnsVoid ? null : (rows[0]?.body ?? "null");
  });
}

/**
 * `authenticator`'s settings (the session user on Supabase), then the impersonated role's own (PostgREST ≥ 11.1
 * applies them per request: Supabase's statement_timeout), then the role and the request GUCs, all local.
 */
async function impersonate(tx: postgres.TransactionSql, ctx: CallContext): Promise<void> {
  await tx.unsafe(
    `select set_config(name, value, true) from (
       select split_part(s.setting, '=', 1) as name, substr(s.setting, strpos(s.setting, '=') + 1) as value
       from pg_db_role_setting d cross join unnest(d.setconfig) as s(setting)
       where d.setrole in (to_regrole('authenticator'), to_regrole($1::text))
         and d.setdatabase in (0, (select oid from pg_database where datname = current_database()))
       order by d.setrole = to_regrole($1::text), d.setdatabase <> 0) as settings`,
    [ctx.role],
  );
  const claims = JSON.stringify({ iss: "supabase", role: ctx.role });
  await tx.unsafe(
    `select set_config('search_path', $1::text, true), set_config('role', $2::text, true),
       set_config('request.jwt.claims', $3::text, true), set_config('request.jwt.claim.role', $2::text, true),
       set_config('request.method', 'POST', true), set_config('request.path', $4::text, true),
       set_config('request.headers', $5::text, true)`,
    [SEARCH_PATH, ctx.role, claims, ctx.path, JSON.stringify(ctx.headers)],
  );
}

function errorReply(error: unknown, role: ApiRole | null): Reply {
  const failure = toRpcError(error, role);
  const headers: Record<string, string> = {};
  if (failure.body.code) headers["Proxy-Status"] = `PostgREST; error=${failure.body.code}`;
  if (failure.status === 401) headers["WWW-Authenticate"] = "Bearer";
  return { status: failure.status, body: JSON.stringify(failure.body), headers };
}

function toRpcError(error: unknown, role: ApiRole | null): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof postgres.PostgresError && error.severity !== "FATAL" && error.severity !== "PANIC") {
    const body = pgrst(error.code, error.message, error.detail, error.hint);
    return new RpcError(statusForSqlState(error.code, error.message, role), body);
  }
  // A FATAL server error or a socket/driver one (ECONNREFUSED, CONNECTION_CLOSED…): PostgREST's connection error.
  const details = error instanceof Error ? error.message : String(error);
  return new RpcError(503, pgrst("PGRST000", "Database connection error. Retrying the connection.", details));
}

/** PostgREST's SQLSTATE → HTTP status table as `code=status`: exact codes first, then two-character classes. */
const STATUS_TABLE = new Map(
  (
    "23503=409 23505=409 25006=405 53400=500 57P01=503 P0001=400 42883=404 42P01=404 42P17=500 08=503 09=500 " +
    "0L=403 0P=403 25=500 28=403 2D=500 38=500 39=500 3B=500 40=500 53=503 54=500 55=500 57=500 58=500 F0=500 " +
    "HV=500 P0=500 XX=500"
  )
    .split(" ")
    .map((entry) => entry.split("=") as [string, string])
    .map(([code, status]) => [code, Number(status)]),
);

/** PostgREST's mapSQLtoHTTP (Error.hs); "authed" there means a role other than db-anon-role (anon on Supabase). */
export function statusForSqlState(code: string, message: string, role: ApiRole | null): number {
  if (code === "42501") return role === "anon" || role === null ? 401 : 403;
  if (code === "21000") return message.endsWith("requires a WHERE clause") ? 400 : 500;
  if (code === "22023") return /^role .* does not exist$/.test(message) ? 401 : 400;
  if (code.startsWith("PT")) return Number.parseInt(code.slice(2), 10) || 500;
  return STATUS_TABLE.get(code) ?? STATUS_TABLE.get(code.slice(0, 2)) ?? 400;
}

function pgrst(code: string, message: string, details?: string, hint?: string): ErrorBody {
  return { code, message, details: details ?? null, hint: hint ?? null };
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: Reply): void {
  const type = reply.body === null ? {} : { "Content-Type": "application/json; charset=utf-8" };
  res.writeHead(reply.status, { ...type, ...reply.headers });
  res.end(reply.body ?? undefined);
}
