import { describe, expect, it } from "vitest";
import { handleApi, handleProcess, handleScheduled } from "../src/http/index.ts";
import type { Ledger } from "../src/ledger/port.ts";
import type { Runtime } from "../src/runtime.ts";
import { errorOf, logCollector, quiet, request, SECRET } from "./support/http.ts";

/** Valid config whose database is not there: anything that gets past validation answers 503 unavailable. */
const UNREACHABLE = {
  WATCHER_SECRET: SECRET,
  DATABASE_URL: "postgres://watcher:hunter2hunter2@127.0.0.1:1/none",
  LOCAL_BUCKET_DIR: "/tmp",
};

describe("HTTP: the bearer secret", () => {
  it("fails closed with 503 not_configured when WATCHER_SECRET is unset or shorter than 32 characters", async () => {
    for (const secret of [undefined, "", SECRET.slice(0, 31)]) {
      const env = { ...UNREACHABLE, WATCHER_SECRET: secret };
      const response = await handleProcess(
        request("/api/process", { token: secret ?? SECRET }),
        env,
        quiet(),
      );
      expect(response.status).toBe(503);
      const error = await errorOf(response);
      expect(error.code).toBe("not_configured");
      expect(error.message).toContain("WATCHER_SECRET");
    }
  });

  it("checks the secret before the method and the config, on every authenticated route", async () => {
    const env = { WATCHER_BUDGET_MS: "soon" };
    expect((await handleApi(request("/api/status", { method: "DELETE" }), env, quiet())).status).toBe(503);
    expect((await handleApi(request("/api/nowhere"), env, quiet())).status).toBe(503);
  });

  it("answers 401 unauthorized with WWW-Authenticate: Bearer for a missing, wrong or malformed token", async () => {
    const headers: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${SECRET}x` },
      { authorization: `Bearer ${SECRET.slice(0, -1)}` },
      { authorization: "Bearer short" },
      { authorization: `Basic ${SECRET}` },
      { authorization: SECRET },
      { authorization: "Bearer" },
    ];
    for (const header of headers) {
      const response = await handleProcess(
        request("/api/process", { token: null, headers: header }),
        UNREACHABLE,
        quiet(),
      );
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
      expect(await errorOf(response)).toMatchObject({ code: "unauthorized" });
    }
  });

  it("accepts the scheme in any case (lowercase bearer)", async () => {
    const req = request("/api/process", { token: null, headers: { authorization: `bearer ${SECRET}` } });
    // Past authentication: the unreachable database is the next thing it meets.
    expect(await errorOf(await handleProcess(req, UNREACHABLE, quiet()))).toMatchObject({
      code: "unavailable",
    });
  });

  it("never echoes the token in the response or the log", async () => {
    const logs = logCollector();
    const wrong = `${SECRET}-wrong`;
    const response = await handleProcess(request("/api/process", { token: wrong }), UNREACHABLE, {
      logSink: logs.sink,
    });
    expect(await response.text()).not.toContain(wrong);
    expect(logs.lines).toEqual([
      expect.stringMatching(/^WARN http request method=POST path=\/api\/process status=401 ms=\d+/),
    ]);
    expect(logs.lines.join("\n")).not.toContain(SECRET);
  });
});

describe("HTTP: methods, routes and media types", () => {
  it("answers 405 method_not_allowed with Allow", async () => {
    const cases: [Promise<Response>, string][] = [
      [handleProcess(request("/api/process", { method: "GET" }), UNREACHABLE, quiet()), "POST"],
      [handleApi(request("/api/status"), UNREACHABLE, quiet()), "GET"],
      [handleApi(request("/api/pause", { method: "PUT" }), UNREACHABLE, quiet()), "POST"],
      [handleApi(request("/api/health", { token: null }), UNREACHABLE, quiet()), "GET"],
      [
        handleScheduled(
          request("/.netlify/functions/scheduled-bucket-watcher", { method: "GET" }),
          {},
          quiet(),
        ),
        "POST",
      ],
    ];
    for (const [pending, allow] of cases) {
      const response = await pending;
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect(await errorOf(response)).toMatchObject({ code: "method_not_allowed" });
    }
  });

  it("answers 404 not_found for an unknown API path, after authentication", async () => {
    expect((await handleApi(request("/api/nowhere", { token: null }), UNREACHABLE, quiet())).status).toBe(
      401,
    );
    const response = await handleApi(request("/api/nowhere"), UNREACHABLE, quiet());
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: "not_found" });
  });

  it("answers 415 for a non-JSON body, but takes an empty body whatever its type", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const sent = await handleProcess(
      request("/api/process", { body: "limit=1", headers: form }),
      UNREACHABLE,
      quiet(),
    );
    expect(sent.status).toBe(415);
    expect(await errorOf(sent)).toMatchObject({ code: "unsupported_media_type" });
    const empty = await handleProcess(request("/api/process", { headers: form }), UNREACHABLE, quiet());
    expect(await errorOf(empty)).toMatchObject({ code: "unavailable" });
    const typed = { "content-type": "application/json; charset=utf-8" };
    const json = await handleProcess(
      request("/api/process", { body: "{}", headers: typed }),
      UNREACHABLE,
      quiet(),
    );
    expect(await errorOf(json)).toMatchObject({ code: "unavailable" });
  });
});

describe("HTTP: body limits", () => {
  it("answers 413 when Content-Length is over 64 KB, before reading", async () => {
    const req = request("/api/process", { body: "{}", headers: { "content-length": String(64 * 1024 + 1) } });
    const response = await handleProcess(req, UNREACHABLE, quiet());
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: "payload_too_large" });
  });

  it("answers 413 when a body without Content-Length streams past 64 KB", async () => {
    const chunk = new TextEncoder().encode(`{"paths":["${"a".repeat(16 * 1024)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 10) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const req = new Request("https://watcher.example/api/process", {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(req.headers.get("content-length")).toBeNull();
    const response = await handleProcess(req, UNREACHABLE, quiet());
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(10);
  });
});

describe("HTTP: bad bodies answer 400 bad_request naming the field", () => {
  const cases: [string, unknown, RegExp][] = [
    ["not JSON", "{paths:", /^body: not valid JSON/],
    ["an array", [], /^body: must be a JSON object/],
    ["an unknown key", { paths: [], limt: 3 }, /^limt: unknown field/],
    ["a .. segment", { paths: ["a.txt", "b.txt", "c.txt", "x/../../etc/passwd"] }, /^paths\[3\]: .*\.\./],
    ["an absolute path", { paths: ["/etc/passwd"] }, /^paths\[0\]: .*absolute/],
    ["a backslash", { paths: ["a\\b.pdf"] }, /^paths\[0\]: .*\\/],
    ["a NUL character", { paths: ["a\u0000.pdf"] }, /^paths\[0\]: .*control/],
    ["an empty path", { paths: [""] }, /^paths\[0\]: must not be empty/],
    ["a path over 1024 characters", { paths: ["a".repeat(1025)] }, /^paths\[0\]: .*1024/],
    ["101 paths", { paths: Array.from({ length: 101 }, (_, i) => `${i}.pdf`) }, /^paths: at most 100/],
    ["a path that is not a string", { paths: [7] }, /^paths\[0\]: must be a string/],
    ["limit 0", { limit: 0 }, /^limit: must be at least 1/],
    ["a fractional limit", { limit: 1.5 }, /^limit: must be a whole number/],
    ["budgetMs as text", { budgetMs: "25000" }, /^budgetMs: must be a whole number/],
    ["dryRun as text", { dryRun: "yes" }, /^dryRun: must be true or false/],
  ];
  for (const [what, body, message] of cases) {
    it(`for ${what}`, async () => {
      const response = await handleProcess(request("/api/process", { body }), UNREACHABLE, quiet());
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe("bad_request");
      expect(error.message).toMatch(message);
    });
  }

  it("keeps paths inside RESUME_PREFIX", async () => {
    const env = { ...UNREACHABLE, RESUME_PREFIX: "/incoming/" };
    const outside = await handleProcess(
      request("/api/process", { body: { paths: ["incomingx/a.pdf"] } }),
      env,
      quiet(),
    );
    expect(await errorOf(outside)).toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/^paths\[0\]: must be inside the watched folder incoming\//),
    });
    const inside = await handleProcess(
      request("/api/process", { body: { paths: ["incoming/a.pdf"] } }),
      env,
      quiet(),
    );
    expect(await errorOf(inside)).toMatchObject({ code: "unavailable" });
  });
});

describe("HTTP: configuration and outages", () => {
  it("answers 503 not_configured naming the bad variables, never their values", async () => {
    const env = { ...UNREACHABLE, WATCHER_BUDGET_MS: "soon-ish", LOG_FORMAT: "yaml-please" };
    const error = await errorOf(await handleApi(request("/api/status", { method: "GET" }), env, quiet()));
    expect(error.code).toBe("not_configured");
    expect(error.message).toContain("WATCHER_BUDGET_MS");
    expect(error.message).toContain("LOG_FORMAT");
    expect(error.message).not.toMatch(/soon-ish|yaml-please/);
  });

  it("answers 503 not_configured when the ledger would be the embedded database", async () => {
    const response = await handleProcess(request("/api/process"), { WATCHER_SECRET: SECRET }, quiet());
    expect(response.status).toBe(503);
    const error = await errorOf(response);
    expect(error.code).toBe("not_configured");
    expect(error.message).toMatch(/DATABASE_URL.*SUPABASE_URL/);
  });

  it("answers 503 unavailable with a reason when the database cannot be reached — no stack, no password", async () => {
    const logs = logCollector();
    const response = await handleApi(request("/api/status", { method: "GET" }), UNREACHABLE, {
      logSink: logs.sink,
    });
    expect(response.status).toBe(503);
    const error = await errorOf(response);
    expect(error.code).toBe("unavailable");
    expect(error.message).toMatch(/ECONNREFUSED/);
    const everything = `${error.message}\n${logs.lines.join("\n")}`;
    expect(everything).not.toMatch(/hunter2|\n\s+at /);
    expect(logs.lines.at(-1)).toMatch(
      /^ERROR http request method=GET path=\/api\/status status=503 .*code=unavailable/,
    );
  });

  it("answers 500 internal with a generic message for a bug, and logs the detail without secrets", async () => {
    const logs = logCollector();
    const broken: Runtime = {
      ledger: {
        getStatus: () => Promise.reject(new TypeError(`cannot read x of undefined near ${SECRET}`)),
      } as unknown as Ledger,
      bucket: {
        name: "b",
        prefix: "",
        list: async () => ({ objects: [], nextCursor: null }),
        download: async () => new Uint8Array(),
      },
      parser: {
        name: "p",
        version: "1",
        model: null,
        parse: async () => Promise.reject(new Error("unused")),
      },
      close: async () => {},
    };
    const response = await handleApi(request("/api/status", { method: "GET" }), UNREACHABLE, {
      openRuntime: async () => broken,
      logSink: logs.sink,
    });
    expect(response.status).toBe(500);
    const error = await errorOf(response);
    expect(error).toEqual({ code: "internal", message: expect.not.stringContaining("cannot read") });
    const logged = logs.lines.join("\n");
    expect(logged).toMatch(/request failed error="TypeError: cannot read x of undefined near \[redacted\]"/);
    expect(logged).not.toContain(SECRET);
  });
});
