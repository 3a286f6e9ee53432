const BLOCK = 1024;

/** The one edit turning `before` into `after`: their common prefix and suffix are untouched. */
export function editBetween(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  // Whole blocks first: comparing strings is a memcmp, comparing characters one by one is not.
  while (start + BLOCK <= limit && before.slice(start, start + BLOCK) === after.slice(start, start + BLOCK)) start += BLOCK;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (
    suffix + BLOCK <= limit - start &&
    before.slice(before.length - suffix - BLOCK, before.length - suffix) ===
      after.slice(after.length - suffix - BLOCK, after.length - suffix)
  )
    suffix += BLOCK;
  while (suffix < limit - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}
