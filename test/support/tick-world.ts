import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { openLedger } from "../../src/ledger/open.ts";
import type { SqlLedger } from "../../src/ledger/sql-ledger.ts";
import { createPostgresDatabase, type TestDatabase } from "./db.ts";
import { createTempFolder, type TempFolder } from "./folders.ts";

/** What a tick test runs against: a fresh real-Postgres database with a migrated ledger, and an empty folder. */
export interface TickWorld {
  db: TestDatabase;
  ledger: SqlLedger;
  folder: TempFolder;
}

/**
 * Registers the hooks that build a TickWorld before each test (`"each"`, the default) or once for the file
 * (`"all"`), and tear it down after: database dropped, folder removed. Read its fields inside tests and hooks.
 */
export function useTickWorld(scope: "each" | "all" = "each"): TickWorld {
  const world = {} as TickWorld;
  const setUp = async () => {
    world.db = await createPostgresDatabase();
    world.ledger = await openLedger({ databaseUrl: world.db.url, migrate: true });
    world.folder = await createTempFolder();
  };
  const tearDown = async () => {
    await world.ledger.close();
    await world.db.drop();
    await world.folder.cleanup();
  };
  if (scope === "each") {
    beforeEach(setUp);
    afterEach(tearDown);
  } else {
    beforeAll(setUp);
    afterAll(tearDown);
  }
  return world;
}
