import assert from 'node:assert/strict';
import { failingStep, logExcerpt } from '../../../../src/core/remote/actions';
import { checkedAnnotations, MAX_ANNOTATIONS_PER_CHECK } from '../../../../src/core/remote/annotations';
import { anchorCiAnnotations, lineMapping, reanchored } from '../../../../src/core/remote/reanchor';
import type { CheckAnnotation, RemoteStatus } from '../../../../src/core/remote/types';
import { TempRepo } from '../../../helpers/temp-repo';

const HEAD_TEXT = ['import { a } from "a";', 'const x = 1;', 'const y = x + 1;', 'export { y };', ''].join('\n');

const on = (startLine: number, endLine = startLine): CheckAnnotation => ({
  path: 'src/y.ts',
  startLine,
  endLine,
  level: 'failure',
  message: 'm',
});

describe('CI annotations on the local file', () => {
  describe('lineMapping (head version → working copy)', () => {
    it('moves lines below an insertion down by the lines inserted', () => {
      const local = ['// added', '// added too', ...HEAD_TEXT.split('\n')].join('\n');
      const map = lineMapping(HEAD_TEXT, local);
      assert.deepEqual([1, 2, 3, 4].map(map), [3, 4, 5, 6]);
    });

    it('drops a changed line and a removed one, and keeps the others', () => {
      const local = ['import { a } from "a";', 'const y = x + 2;', 'export { y };', ''].join('\n');
      const map = lineMapping(HEAD_TEXT, local);
      assert.deepEqual([1, 2, 3, 4].map(map), [1, undefined, undefined, 3]);
    });

    it('sees no change in CR-LF line ends or a missing final newline', () => {
      const map = lineMapping(HEAD_TEXT, HEAD_TEXT.replace(/\n/g, '\r\n').replace(/\r\n$/, ''));
      assert.deepEqual([1, 2, 3, 4, 5].map(map), [1, 2, 3, 4, undefined]);
    });
  });

  it('keeps a range whose first and last lines are still there, with its columns, and drops one whose last line changed', () => {
    const local = ['', ...HEAD_TEXT.split('\n')].join('\n');
    const map = lineMapping(HEAD_TEXT, local);
    assert.deepEqual(reanchored({ ...on(2), startColumn: 7, endColumn: 8 }, map), {
      startLine: 3,
      endLine: 3,
      startColumn: 7,
      endColumn: 8,
    });
    assert.deepEqual(reanchored(on(2, 4), map), { startLine: 3, endLine: 5 });
    const edited = lineMapping(HEAD_TEXT, HEAD_TEXT.replace('export { y };', 'export { x, y };'));
    assert.equal(reanchored(on(2, 4), edited), undefined);
  });

  describe('checkedAnnotations (GitHub REST shape → the JSON contract)', () => {
    it('maps the REST fields', () => {
      assert.deepEqual(
        checkedAnnotations([
          {
            path: 'src/y.ts',
            start_line: 3,
            end_line: 3,
            start_column: 5,
            end_column: 9,
            annotation_level: 'failure',
            title: 'TS2322',
            message: "Type 'string' is not assignable to type 'number'.",
          },
          { path: 'README.md', start_line: 1, end_line: 4, start_column: 2, end_column: 3, annotation_level: 'notice', message: 'n' },
        ]),
        [
          {
            path: 'src/y.ts',
            startLine: 3,
            endLine: 3,
            startColumn: 5,
            endColumn: 9,
            level: 'failure',
            message: "Type 'string' is not assignable to type 'number'.",
            title: 'TS2322',
          },
          { path: 'README.md', startLine: 1, endLine: 4, level: 'notice', message: 'n' },
        ],
      );
    });

    it('refuses a path outside the repository, and shows hostile text as text, cut to size', () => {
      const hostile = checkedAnnotations([
        { path: '../../etc/passwd', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'x' },
        { path: '/etc/passwd', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'x' },
        { path: 'src/y.ts', start_line: 0, end_line: 1, annotation_level: 'failure', message: 'x' },
        {
          path: 'src/y.ts',
          start_line: 2,
          end_line: 2,
          annotation_level: 'danger',
          title: 'a\nb',
          message: `\x1b[31mred\x1b[0m\u202e${'z'.repeat(5000)}`,
        },
      ]);
      assert.equal(hostile.length, 1);
      assert.equal(hostile[0].level, 'warning');
      assert.equal(hostile[0].title, 'a b');
      assert.equal(hostile[0].message.length, 2000);
      assert.equal(hostile[0].message.slice(0, 9), 'red\\u202e');
      assert.ok(hostile[0].message.endsWith('z…'));
    });

    it(`keeps at most ${MAX_ANNOTATIONS_PER_CHECK} per check`, () => {
      const many = Array.from({ length: 80 }, (_, i) => ({ path: 'a.ts', start_line: i + 1, end_line: i + 1, message: `m${i}` }));
      const kept = checkedAnnotations(many);
      assert.equal(kept.length, 50);
      assert.equal(kept[49].message, 'm49');
    });
  });

  describe('anchorCiAnnotations (a real git repository)', () => {
    let repo: TempRepo;
    let head: string;
    beforeEach(() => {
      repo = new TempRepo('preflight-anchor-');
      repo.write('src/y.ts', HEAD_TEXT).commitAll('head');
      head = repo.git('rev-parse', 'HEAD').trim();
    });
    afterEach(() => repo.remove());

    const status = (headSha: string, annotations: CheckAnnotation[], state: 'failure' | 'success' = 'failure'): RemoteStatus =>
      ({
        pullRequest: { state: 'open', headSha },
        checks: [{ name: 'ci/test', state, required: true, url: undefined, kind: 'check-run', id: 7, annotations }],
      }) as unknown as RemoteStatus;

    it('places each annotation on the working copy through the diff, and says why the others were dropped', async () => {
      const local = ['// new first line', ...HEAD_TEXT.split('\n')].join('\n').replace('const y = x + 1;', 'const y = x + 2;');
      const result = await anchorCiAnnotations({
        root: repo.dir,
        status: status(head, [on(2), on(3), { ...on(1), path: 'src/gone.ts' }]),
        readLocal: async (path) => (path === 'src/y.ts' ? local : undefined),
      });
      assert.deepEqual(
        result.anchored.map((a) => [a.path, a.startLine, a.endLine]),
        [['src/y.ts', 3, 3]],
      );
      assert.deepEqual(
        result.dropped.map((d) => [d.annotation.path, d.annotation.startLine, d.why]),
        [
          ['src/y.ts', 3, 'its lines were changed or removed locally'],
          ['src/gone.ts', 1, 'the file is not in the pull request head'],
        ],
      );
      assert.equal(result.problem, undefined);
    });

    it('places nothing when the head commit is not in this clone, and says so', async () => {
      const result = await anchorCiAnnotations({
        root: repo.dir,
        status: status('e'.repeat(40), [on(2)]),
        readLocal: async () => HEAD_TEXT,
      });
      assert.deepEqual(result.anchored, []);
      assert.equal(
        result.problem,
        "The pull request head eeeeeee is not in this clone (git fetch brings it): CI's annotations cannot be placed on the local files.",
      );
      assert.deepEqual(
        result.dropped.map((d) => d.why),
        ['the pull request head is not in this clone'],
      );
    });

    it('shows nothing for a check that passes', async () => {
      const result = await anchorCiAnnotations({
        root: repo.dir,
        status: status(head, [on(2)], 'success'),
        readLocal: async () => HEAD_TEXT,
      });
      assert.deepEqual(result, { headSha: head, anchored: [], dropped: [] });
    });
  });
});

describe("a failing step's log excerpt", () => {
  it('takes the last lines of the whole log when no step times are known, each cut to 1,000 characters, without timestamps', () => {
    const log = [
      '2026-11-20T10:00:01.0000000Z first',
      '2026-11-20T10:00:02.0000000Z second\r',
      `no timestamp ${'x'.repeat(1200)}`,
      '',
    ].join('\n');
    const excerpt = logExcerpt(log, undefined, 2);
    assert.equal(excerpt.stepLines, 3);
    assert.equal(excerpt.shownLines, 2);
    const [second, third] = excerpt.text.split('\n');
    assert.equal(second, 'second');
    assert.equal(third.length, 1000);
    assert.ok(third.startsWith('no timestamp xxx') && third.endsWith('x…'));
  });

  it("picks the job's failing step, else its last step that did not pass", () => {
    const steps = [
      { name: 'a', conclusion: 'success' },
      { name: 'b', conclusion: 'failure' },
      { name: 'c', conclusion: 'skipped' },
    ];
    assert.equal(failingStep(steps)?.name, 'b');
    assert.equal(
      failingStep([
        { name: 'a', conclusion: 'success' },
        { name: 'b', conclusion: 'cancelled' },
        { name: 'c', conclusion: 'skipped' },
      ])?.name,
      'b',
    );
    assert.equal(failingStep([{ name: 'a', conclusion: 'success' }]), undefined);
  });
});
