import type { Finding } from '../../core/findings/finding';
import type { SuppressedFinding } from '../../core/findings/suppression';

/** What the CI formats (SARIF, GitHub, GitLab) are made from, for `scan` and `check` alike. */
export interface CiReport {
  /** Config findings and the analyzers' findings, in the report's order. */
  findings: readonly Finding[];
  suppressed: readonly SuppressedFinding[];
  /** `check --base`: the lines the range adds or changes, by file. */
  changedLines?: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;
  /** The verdict on one line (`check`), or the count of problems (`scan`). */
  headline: string;
  /** `check`'s reasons that are not findings (failed gate commands, config problems). */
  otherReasons?: readonly string[];
}

export const CI_FORMATS = ['sarif', 'github', 'gitlab'] as const;
export type CiFormat = (typeof CI_FORMATS)[number];
