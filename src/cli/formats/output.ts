import { appendFileSync } from 'node:fs';
import type { PreflightConfig } from '../../core/config/types';
import type { CommandIo } from '../io';
import { UsageError } from '../usage-error';
import { CI_FORMATS, type CiFormat, type CiReport } from './ci-report';
import { formatGithub, githubSummary } from './github';
import { formatGitlab } from './gitlab';
import { formatSarif } from './sarif';

export type OutputFormat = 'text' | 'json' | CiFormat;
export type FailOn = PreflightConfig['gate']['blockOn'];

const FORMATS: readonly string[] = ['text', 'json', ...CI_FORMATS];
const FAIL_ON: readonly string[] = ['error', 'warning', 'never'];

export function outputFormat(value: string | undefined): OutputFormat {
  const format = value ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${format}'.`);
  return format as OutputFormat;
}

export function failOn(value: string | undefined): FailOn | undefined {
  if (value === undefined) return undefined;
  if (!FAIL_ON.includes(value)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not '${value}'.`);
  return value as FailOn;
}

/** Writes a CI format on stdout; for `github`, also the job summary when GitHub asks for one. */
export function writeCiReport(format: CiFormat, report: CiReport, io: CommandIo): void {
  if (format === 'sarif') io.out(formatSarif(report));
  else if (format === 'gitlab') io.out(formatGitlab(report));
  else {
    io.out(formatGithub(report));
    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) appendFileSync(summaryFile, githubSummary(report) + '\n');
  }
}
