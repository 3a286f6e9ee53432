import type * as Crypto from 'node:crypto';

let crypto: typeof Crypto | undefined;

/**
 * The SHA-256 of a text, in hex. `node:crypto` is required on first use: most runs hash nothing
 * (only SARIF and GitLab reports and the pattern check's cache do), and loading it is a few
 * milliseconds of every start.
 */
export function sha256Hex(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load, see above
  crypto ??= require('node:crypto') as typeof Crypto;
  return crypto.createHash('sha256').update(text).digest('hex');
}
