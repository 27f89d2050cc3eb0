import type { BucketObject, ListPage } from "./port.ts";

/**
 * One page of a listing already sorted by path (code-unit order), continuing after `cursor` (the last path of the
 * previous page; null = from the start). The cursor is a path, so it stays valid when objects come and go.
 */
export function pageAfter(objects: readonly BucketObject[], cursor: string | null, limit: number): ListPage {
  const start = cursor === null ? 0 : firstIndexAfter(objects, cursor);
  const page = objects.slice(start, start + limit);
  const last = page[page.length - 1];
  const done = last === undefined || start + page.length >= objects.length;
  return { objects: page, nextCursor: done ? null : last.path };
}

/** Index of the first object whose path sorts after `cursor` (binary search). */
function firstIndexAfter(objects: readonly BucketObject[], cursor: string): number {
  let low = 0;
  let high = objects.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((objects[mid]?.path ?? "") <= cursor) low = mid + 1;
    else high = mid;
  }
  return low;
}
