/**
 * SQL files that hold both directions of a migration: goose (`-- +goose Up` / `-- +goose Down`)
 * and dbmate (`-- migrate:up` / `-- migrate:down`). Only the forward part runs on deploy; the
 * rollback part undoes things by design (it drops what the up part created), so it is blanked
 * out before analysis. Blanking keeps every offset, line and column where it was.
 */
const ROLLBACK_START = /^\s*--\s*(\+goose\s+down|migrate:down)\b/i;
const FORWARD_START = /^\s*--\s*(\+goose\s+up|migrate:up)\b/i;

export function forwardSql(text: string): string {
  if (!/^\s*--\s*(\+goose\s+down|migrate:down)\b/im.test(text)) return text;
  let rollback = false;
  return text
    .split('\n')
    .map((line) => {
      if (FORWARD_START.test(line)) rollback = false;
      else if (ROLLBACK_START.test(line)) rollback = true;
      else if (rollback) return line.replace(/[^\r]/g, ' ');
      return line;
    })
    .join('\n');
}
