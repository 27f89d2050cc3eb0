/**
 * The port's opaque listing cursor for Supabase Storage: "sb1:" + JSON of where the listing stands, so the next
 * tick (a new instance) continues exactly there. Two modes:
 * - flat: list-v2's own cursor (Storage encodes the last key it returned);
 * - walk: the folder stack of a `list()` walk, each folder with how far it was read.
 * The watched folder is part of the state: a cursor saved under another RESUME_PREFIX is not resumed.
 */

/** One folder of a `list()` walk. */
export interface WalkFrame {
  /** Folder key with a trailing "/" ("" = bucket root). */
  dir: string;
  /** Entries of this folder already read (the `offset` of the next `list()` call). */
  offset: number;
  /** The last entry read (a folder entry ends with "/"), to find the place again if entries came or went. */
  after: string | null;
}

export type ListingState =
  | { mode: "flat"; folder: string; cursor: string | null }
  | { mode: "walk"; folder: string; stack: WalkFrame[] };

const TAG = "sb1:";

export function encodeCursor(state: ListingState): string {
  return TAG + JSON.stringify(state);
}

/**
 * The state saved in `cursor`, or null when it is not a cursor of this adapter for `folder` (then the listing
 * starts over: pages already recorded are simply recorded again, and nothing is marked removed until a listing
 * completes).
 */
export function decodeCursor(cursor: string, folder: string): ListingState | null {
  if (!cursor.startsWith(TAG)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor.slice(TAG.length));
  } catch {
    return null;
  }
  return isListingState(parsed) && parsed.folder === folder ? parsed : null;
}

function isListingState(value: unknown): value is ListingState {
  if (typeof value !== "object" || value === null) return false;
  const state = value as Record<string, unknown>;
  if (typeof state.folder !== "string") return false;
  if (state.mode === "flat") return state.cursor === null || typeof state.cursor === "string";
  return state.mode === "walk" && Array.isArray(state.stack) && state.stack.every(isWalkFrame);
}

function isWalkFrame(value: unknown): value is WalkFrame {
  if (typeof value !== "object" || value === null) return false;
  const frame = value as Record<string, unknown>;
  return (
    typeof frame.dir === "string" &&
    Number.isInteger(frame.offset) &&
    (frame.offset as number) >= 0 &&
    (frame.after === null || typeof frame.after === "string")
  );
}
