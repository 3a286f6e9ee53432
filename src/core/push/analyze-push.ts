import type { AnalysisContext, PushAnalyzer } from '../engine/analyzer';
import { analyzerFailure } from '../engine/analyze-file';
import { compareFindings, type Finding } from '../findings/finding';
import { isSuppressed, parseSuppressions } from '../findings/suppression';
import type { RemoteStatus } from '../remote/types';
import type { PushView } from './push-view';

/**
 * Runs the push-scope analyzers on one push. Their findings honour the ignore comments of the
 * file they land on (as pushed); an analyzer that throws becomes one finding, never a crash.
 */
export async function analyzePush(
  push: PushView,
  analyzers: readonly PushAnalyzer[],
  context: AnalysisContext,
  pullRequest: () => Promise<RemoteStatus | undefined>,
): Promise<Finding[]> {
  const raw: Finding[] = [];
  for (const analyzer of analyzers) {
    try {
      raw.push(...(await analyzer.analyzePush({ ...context, push, pullRequest })));
    } catch (error) {
      raw.push(analyzerFailure(push.files[0]?.path ?? '.preflight.yml', analyzer.name, error));
    }
  }
  const kept: Finding[] = [];
  for (const finding of raw) {
    const text = await push.headText(finding.file);
    if (text === undefined || !isSuppressed(finding, parseSuppressions(finding.file, text))) kept.push({ ...finding, scope: 'push' });
  }
  return kept.sort(compareFindings);
}
