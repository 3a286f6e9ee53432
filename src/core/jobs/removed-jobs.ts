import type { PushAnalysisContext } from '../engine/analyzer';
import type { Finding } from '../findings/finding';
import { builtIn, report, severityFor } from '../rules/rule';
import { kindOf } from './rule';
import { jobsOfFile } from './extract';
import { removedJobStillReferenced } from './rules/removed-job-still-referenced';

/**
 * jobs/removed-job-still-referenced: jobs the push removes (deleted files, classes gone from
 * changed files, renames) that the pushed tree still names somewhere, found with one `git grep`.
 */
export async function removedJobFindings(context: PushAnalysisContext): Promise<Finding[]> {
  const severity = severityFor('jobs', removedJobStillReferenced, context.config.jobs.rules);
  if (!severity) return [];
  const removed = new Map<string, { kind: string; from: string }>();
  for (const file of context.push.files) {
    if (file.status === 'added') continue;
    const before = await context.push.baseText(file.oldPath ?? file.path);
    if (before === undefined) continue;
    const old = await jobsOfFile(file.oldPath ?? file.path, before);
    if (old.length === 0) continue;
    const after = file.status === 'deleted' ? [] : await jobsOfFile(file.path, (await context.push.headText(file.path)) ?? '');
    const remaining = new Set(after.map((job) => job.name));
    for (const job of old)
      if (!remaining.has(job.name) && job.framework !== 'bullmq')
        removed.set(job.name, { kind: kindOf(job), from: file.oldPath ?? file.path });
  }
  if (removed.size === 0) return [];
  const hits = await context.push.grep([...removed.keys()]);
  return hits.flatMap((hit) => {
    const name = [...removed.keys()].find((candidate) => new RegExp(`\\b${candidate}\\b`).test(hit.text));
    if (!name) return [];
    const { kind, from } = removed.get(name)!;
    const column = hit.text.indexOf(name) + 1;
    const reporter = { ...builtIn('jobs', removedJobStillReferenced, severity), help: removedJobStillReferenced.help, path: hit.path };
    return [
      report(reporter, {
        at: { line: hit.line, column, endColumn: column + name.length },
        message: `This still names ${kind} ${name}, which the push removes from ${from}.`,
      }),
    ];
  });
}
