import { globMatcher } from '../text/glob';
import type { AnalysisContext, Analyzer, PushAnalysisContext, PushAnalyzer, RuleMeta } from '../engine/analyzer';
import type { Finding } from '../findings/finding';
import { plural } from '../text/words';
import { codeChanged } from './code-tokens';
import { runnerCollection } from './collection';
import { FRAMEWORKS } from './frameworks';
import { changedWithoutTest, NO_TEST_TRAILER } from './rules/changed-without-test';
import type { TestFirstRule } from './rules/rule';
import { builtIn, report, ruleDocsUrl, ruleId, wholeFile } from '../rules/rule';
import { testNotCollected } from './rules/test-not-collected';
import { exportedSymbols, testableSymbols } from './symbols';
import { testMapFor } from './test-map';

export const TESTFIRST_RULES: readonly TestFirstRule[] = [changedWithoutTest, testNotCollected];
const LOOKS_LIKE_A_TEST = /(^|\/)(tests?|spec|__tests__)\/|[._-](test|spec)\.|(^|\/)test_|_(test|spec)\.|Tests?\.java$/;

function meta(): RuleMeta[] {
  return TESTFIRST_RULES.map((rule) => ({
    id: ruleId('testfirst', rule),
    description: rule.description,
    severity: rule.severity,
    docsUrl: ruleDocsUrl('testfirst', rule),
  }));
}

/** Test-first findings are about a file as a whole. */
function finding(rule: TestFirstRule, file: string, message: string): Finding {
  return report({ ...builtIn('testfirst', rule, rule.severity), help: rule.help, path: file }, wholeFile(message));
}

/** testfirst/test-not-collected on the test file being edited: its path alone decides. */
export const testFirstAnalyzer: Analyzer = {
  name: 'test-first',
  rules: meta,
  appliesTo: (path, context) => context.config.testFirst.enabled && LOOKS_LIKE_A_TEST.test(path),
  analyze: async (file, context) => notCollected(file.path, context),
};

async function notCollected(path: string, context: AnalysisContext): Promise<Finding[]> {
  const entry = (await testMapFor(context.config, context.root)).testEntryOf(path);
  if (!entry) return [];
  const collection = await runnerCollection(context.root, entry.framework);
  if (collection.collects(path)) return [];
  const label = FRAMEWORKS[entry.framework].label;
  return [
    finding(testNotCollected, path, `${label} would not run this test: it collects ${collection.globs.join(', ')} (${collection.source}).`),
  ];
}

/** testfirst/changed-without-test over the whole push. */
export const testFirstPushAnalyzer: PushAnalyzer = {
  name: 'test-first (push scope)',
  rules: meta,
  analyzePush: async (context) => (context.config.testFirst.enabled ? changedSourcesWithoutTests(context) : []),
};

async function changedSourcesWithoutTests(context: PushAnalysisContext): Promise<Finding[]> {
  const map = await testMapFor(context.config, context.root);
  const excepted =
    context.config.testFirst.exceptions.length > 0 ? globMatcher(context.config.testFirst.exceptions, { dot: true }) : () => false;
  const pushed = context.push.files.filter((file) => file.status !== 'deleted');
  const sources = pushed.flatMap((file) => {
    const mapped = excepted(file.path) ? undefined : map.sourceOf(file.path);
    return mapped ? [mapped] : [];
  });
  if (sources.length === 0) return [];
  const untested = sources.filter((source) => {
    const isItsTest = map.testMatcher(source);
    return !pushed.some((file) => isItsTest(file.path));
  });
  if (untested.length === 0) return [];
  const waived = await waivedPaths(context);
  await context.push.prefetchBoth(
    untested.map((source) => source.path),
    untested.map((source) => pushedFrom(context, source.path)),
  );
  const findings: Finding[] = [];
  for (const source of untested) {
    if (waived.has(source.path)) continue;
    const text = await context.push.headText(source.path);
    if (text === undefined || testableSymbols(await exportedSymbols(source.path, text)).length === 0) continue;
    const before = await context.push.baseText(pushedFrom(context, source.path));
    if (before !== undefined && !(await codeChanged(source.path, before, text))) continue;
    const { paths, globs } = map.testLocations(source);
    const expected = [...paths, ...globs];
    const shown = expected.slice(0, 3).join(', ') + (expected.length > 3 ? `, or ${plural(expected.length - 3, 'other place')}` : '');
    findings.push(
      finding(
        changedWithoutTest,
        source.path,
        `${source.path} changes in this push but none of its tests does (looked for ${shown}). Write the test first, or add a '${NO_TEST_TRAILER}: <reason>' trailer.`,
      ),
    );
  }
  return findings;
}

/** The path the remote has the file under (its old path when the push renames it). */
function pushedFrom(context: PushAnalysisContext, path: string): string {
  return context.push.files.find((file) => file.path === path)?.oldPath ?? path;
}

/** Files changed by pushed commits that carry a `Preflight-No-Test: <reason>` trailer. */
async function waivedPaths(context: PushAnalysisContext): Promise<Set<string>> {
  const waivers = await context.push.commitsWithTrailer(NO_TEST_TRAILER);
  return new Set(waivers.flatMap((waiver) => waiver.files));
}
