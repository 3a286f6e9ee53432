/** A mistake in how the command was called: reported on stderr with exit code 2. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, blocked: 1, usage: 2 } as const;
