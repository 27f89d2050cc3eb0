import type { WalkFrame } from "./cursor.ts";

/**
 * The `list()` fallback for servers without list-v2: a depth-first walk of the folders, one level per call, paged
 * by offset. Entries of a level come sorted by name with folders mixed in; a folder entry has `id: null`.
 *
 * Offset paging shifts when entries before the offset are deleted between two calls, which would skip entries
 * (and a skipped file would be marked removed, then parsed again once it reappears). So each call re-reads a few
 * entries before the saved offset and continues after the saved last entry's name, wherever it now is.
 */

/** What the walk reads of a `list()` entry. */
export interface FolderEntry {
  name: string;
  id: string | null;
  updated_at?: string | null;
  metadata?: { eTag?: string; size?: number; contentLength?: number } | null;
}

/** One `list()` call: entries `offset .. offset + limit` of folder `dir` ("" = bucket root, else ends with "/"). */
export type ReadFolder = (dir: string, offset: number, limit: number) => Promise<FolderEntry[]>;

export interface WalkedFile {
  /** Full key: the folder plus the entry's name. */
  key: string;
  entry: FolderEntry;
}

/** New entries asked per call; with the overlap this stays under Storage's 1500 per `list()` call. */
const MAX_WINDOW = 1000;
/** Entries re-read before the saved offset: that many deletions between two calls cannot make the walk skip. */
const OVERLAP = 50;
/** `list()` calls per page at most, so one page stays short and the tick's listing budget is checked often. */
const MAX_CALLS_PER_PAGE = 20;

interface Window {
  /** Offset of entries[0] in the folder. */
  start: number;
  entries: FolderEntry[];
  /** True when the folder has no entries after this window. */
  complete: boolean;
}

/**
 * Walks on from `stack` (not modified) until `limit` files are found, the walk ends (returned stack empty) or the
 * call limit is reached. Windows read during this page are reused when the walk climbs back to a parent folder.
 */
export async function walkPage(
  read: ReadFolder,
  stack: readonly WalkFrame[],
  limit: number,
): Promise<{ files: WalkedFile[]; stack: WalkFrame[] }> {
  const frames = stack.map((frame) => ({ ...frame }));
  const files: WalkedFile[] = [];
  const windows = new Map<string, Window>();
  const windowSize = Math.min(limit, MAX_WINDOW);
  let calls = 0;
  while (frames.length > 0 && files.length < limit && calls < MAX_CALLS_PER_PAGE) {
    const frame = frames[frames.length - 1] as WalkFrame;
    let window = windows.get(frame.dir);
    let from = window ? positionIn(window, frame) : -1;
    if (window === undefined || from === -1 || (from >= window.entries.length && !window.complete)) {
      window = await readWindow(read, frame, windowSize);
      windows.set(frame.dir, window);
      from = resumeIndex(window, frame);
      calls += 1;
    }
    if (stepThrough(frame, window, from, frames, files, limit) === "folder_done") {
      frames.pop();
      windows.delete(frame.dir);
    }
  }
  return { files, stack: frames };
}

/**
 * Reads entries from `from` on, advancing `frame`: stops at a sub-folder (pushed, to be walked first), when the
 * page is full, or at the end of the window.
 */
function stepThrough(
  frame: WalkFrame,
  window: Window,
  from: number,
  frames: WalkFrame[],
  files: WalkedFile[],
  limit: number,
): "descended" | "page_full" | "window_done" | "folder_done" {
  for (let index = from; index < window.entries.length; index++) {
    const entry = window.entries[index] as FolderEntry;
    frame.offset = window.start + index + 1;
    frame.after = markOf(entry);
    if (entry.id === null) {
      frames.push({ dir: `${frame.dir}${entry.name}/`, offset: 0, after: null });
      return "descended";
    }
    files.push({ key: frame.dir + entry.name, entry });
    if (files.length >= limit) return "page_full";
  }
  if (window.complete) return "folder_done";
  // Also when nothing in the window was new (the saved entry moved past it): the next read starts after it.
  const last = window.entries[window.entries.length - 1] as FolderEntry;
  frame.offset = window.start + window.entries.length;
  frame.after = markOf(last);
  return "window_done";
}

async function readWindow(read: ReadFolder, frame: WalkFrame, size: number): Promise<Window> {
  const back = frame.after === null ? 0 : Math.min(frame.offset, OVERLAP);
  const start = frame.offset - back;
  const entries = await read(frame.dir, start, back + size);
  return { start, entries, complete: entries.length < back + size };
}

/** Where the frame continues in a window read earlier in this page, or -1 when it is not inside it. */
function positionIn(window: Window, frame: WalkFrame): number {
  if (frame.after === null) return window.start === 0 ? 0 : -1;
  const index = window.entries.findIndex((entry) => markOf(entry) === frame.after);
  return index === -1 ? -1 : index + 1;
}

/**
 * Where the frame continues in a freshly read window: after its last entry, found by name. When that entry was
 * deleted meanwhile, after the first entry sorting after it (code-unit order; Storage sorts the same way on
 * current servers).
 */
function resumeIndex(window: Window, frame: WalkFrame): number {
  const after = frame.after;
  if (after === null) return 0;
  const found = positionIn(window, frame);
  if (found !== -1) return found;
  const later = window.entries.findIndex((entry) => markOf(entry) > after);
  return later === -1 ? window.entries.length : later;
}

/** A file and a folder may share a name; a trailing "/" tells the folder apart. */
function markOf(entry: FolderEntry): string {
  return entry.id === null ? `${entry.name}/` : entry.name;
}
