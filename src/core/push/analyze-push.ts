import type { AnalysisContext, PushAnalyzer } from '../engine/analyzer';
import { analyzerFailure } from '../engine/analyze-file';
import { compareFindings, type Finding } from '../findings/finding';
import { parseSuppressions, suppressionOf, type SuppressedFinding } from '../findings/suppression';
import type { RemoteStatus } from '../remote/types';
import type { PushView } from './push-view';

/**
 * Runs the push-scope analyzers on one push. Their findings honour the ignore comments of the
 * file they land on (as pushed), and the silenced ones are returned apart, with the comment's
 * reason; an analyzer that throws becomes one finding, never a crash.
 */
export async function analyzePush(
  push: PushView,
  analyzers: readonly PushAnalyzer[],
  context: AnalysisContext,
  pullRequest: () => Promise<RemoteStatus | undefined>,
): Promise<{ findings: Finding[]; suppressed: SuppressedFinding[] }> {
  const raw: Finding[] = [];
  for (const analyzer of analyzers) {
    try {
      raw.push(...(await analyzer.analyzePush({ ...context, push, pullRequest })));
    } catch (error) {
      raw.push(analyzerFailure(push.files[0]?.path ?? '.preflight.yml', analyzer.name, error));
    }
  }
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of raw) {
    const text = await push.headText(finding.file);
    const by = text === undefined ? undefined : suppressionOf(finding, parseSuppressions(finding.file, text));
    const pushed: Finding = { ...finding, scope: 'push' };
    if (by) suppressed.push({ ...pushed, suppression: { line: by.commentLine, ...(by.reason ? { reason: by.reason } : {}) } });
    else kept.push(pushed);
  }
  return { findings: kept.sort(compareFindings), suppressed: suppressed.sort(compareFindings) };
}
