import type { Finding } from '../findings/finding';
import { report, wholeFile } from '../rules/rule';
import type { CompiledTeamRule } from './compile';

/** How long one team rule may work on one file, in the editor, `rules test` and the gate alike. */
export const RULE_TIME_LIMIT_MS = 1000;

/** Thrown from inside a matcher when its rule has used up its time on the file. */
export class RuleBudgetExceeded extends Error {
  constructor() {
    super('the rule ran out of time on this file');
  }
}

/** Clock reads are cheap but not free: the clock is read once every this many steps. */
const STEPS_PER_CLOCK_READ = 256;

/**
 * The time one rule has on one file, spent across however many calls its matcher makes. A
 * matcher calls `tick()` for each unit of its work (a step of RE2's machine, a tried split of a
 * `$$$` list); `tick()` throws `RuleBudgetExceeded` once the time is spent.
 */
export class RuleBudget {
  private steps = 0;
  private deadline = Infinity;
  private spent = 0;
  private exceeded = false;

  constructor(readonly limitMs: number = RULE_TIME_LIMIT_MS) {}

  /** The milliseconds spent so far, rounded, for the message. */
  get spentMs(): number {
    return Math.round(this.spent);
  }

  get isExceeded(): boolean {
    return this.exceeded;
  }

  /** Runs some of the rule's work on the clock; a `RuleBudgetExceeded` from it marks the budget exceeded and is rethrown. */
  run<T>(work: () => T): T {
    const start = performance.now();
    this.deadline = start + this.limitMs - this.spent;
    try {
      return work();
    } catch (error) {
      if (error instanceof RuleBudgetExceeded) this.exceeded = true;
      throw error;
    } finally {
      this.spent += performance.now() - start;
      this.deadline = Infinity;
    }
  }

  tick(): void {
    if (++this.steps % STEPS_PER_CLOCK_READ === 0 && performance.now() > this.deadline) throw new RuleBudgetExceeded();
  }
}

const STOPPED = /^Rule \S+ stopped after \d+ ms on this file: /;

/** The one finding that says a rule gave up on a file, and that its other findings there may be missing. */
export function stoppedFinding(rule: CompiledTeamRule, path: string, spentMs: number, kind: 'pattern' | 'regex'): Finding {
  const help =
    kind === 'regex'
      ? 'A counted repetition such as {1,1000} multiplies the work for every character of the file: use a smaller count, or + / * where any length will do.'
      : 'A pattern costs time in proportion to the code it reads: pin it down with more fixed code (its words let Preflight skip every node that lacks them).';
  const message = `Rule ${rule.id} stopped after ${spentMs} ms on this file: its ${kind} is too costly here; the file's other findings of this rule may be missing.`;
  return report({ ruleId: rule.id, severity: 'warning', help, path }, wholeFile(message));
}

/** Whether a finding is a rule's "stopped on this file" notice rather than a match. */
export function isStoppedFinding(finding: Finding): boolean {
  return finding.ruleId.startsWith('team/') && STOPPED.test(finding.message);
}
