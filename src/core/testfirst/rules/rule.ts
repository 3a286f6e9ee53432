import type { RuleMeta } from '../../rules/rule';

/** A test-first rule: its docs page body says what goes wrong without it. */
export type TestFirstRule = RuleMeta;
