import type { TestFirstRule } from './rule';

export const NO_TEST_TRAILER = 'Preflight-No-Test';

export const changedWithoutTest: TestFirstRule = {
  name: 'changed-without-test',
  severity: 'warning',
  description: 'A source file changes in the push and none of its tests does.',
  why: "Code whose behaviour changes without a test changing with it is code nobody has pinned down: the next change breaks it silently. Writing the test first (it fails, then the code makes it pass) is cheapest while the change is fresh in mind. The rule looks at the whole push: any change to one of the file's mapped tests (see `tests:`) counts. A change to comments, blank lines or indentation only is not a change of behaviour and is not reported.",
  help: `Write or update the test (Preflight: Create Failing Test writes one that fails until you do), or say why none is needed with a commit trailer \`${NO_TEST_TRAILER}: <reason>\` on a commit that changes the file, or list the file in \`testFirst.exceptions\`.`,
};
