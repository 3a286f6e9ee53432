import { runScan, SCAN_USAGE } from './commands/scan';
import { CHECK_USAGE, runCheck } from './commands/check';
import { HOOK_USAGE, runHook } from './commands/hook';
import { RULES_USAGE, runRules } from './commands/rules';
import { runStatus, STATUS_USAGE } from './commands/status';
import { runTest, TEST_USAGE } from './commands/test';
import { runTrace, TRACE_USAGE } from './commands/trace';
import { runServe, SERVE_USAGE } from './commands/serve';
import { processIo, type CommandIo } from './io';
import { inline } from './terminal-text';
import { EXIT, UsageError } from './usage-error';
import packageJson from '../../package.json';
import { join } from 'node:path';
import { keyedCacheFiles, userCacheDirectory } from '../core/cache/user-cache';
import { keepPatternChecks } from '../core/team-rules/validate-patterns';
import { keepCheckedConfigs } from '../core/config/config-cache';

/** What this build was made from (scripts/build.mjs); undefined when run from the sources, where no cache is kept. */
declare const PREFLIGHT_BUILD: string | undefined;
const BUILD = typeof PREFLIGHT_BUILD === 'string' ? PREFLIGHT_BUILD : undefined;

const COMMANDS: Record<string, { summary: string; run: (argv: string[], io: CommandIo) => Promise<number> }> = {
  scan: { summary: 'run every analyzer on files (no remote, no commits needed)', run: runScan },
  check: { summary: 'the pre-push gate: is it safe to push the current branch?', run: runCheck },
  hook: { summary: 'install, uninstall or show the git pre-push hook', run: runHook },
  status: { summary: 'the pull request on GitHub: checks, reviews, staging, blockers', run: runStatus },
  rules: { summary: "run the examples in the team rules' tests", run: runRules },
  test: { summary: "test-first: where a file's tests are; write the failing test first", run: runTest },
  trace: { summary: 'run a SQL migration in a throwaway PostgreSQL: the locks and rewrites it takes', run: runTrace },
  serve: { summary: 'keep Preflight loaded, so that scan, check and the hook start at once', run: (argv, io) => runServe(argv, io, main) },
};

export const USAGE = `Preflight ${packageJson.version}: pre-push safety checks.

Usage: preflight <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`)
  .join('\n')}

Options:
  -h, --help     show help (also: preflight <command> --help)
  -v, --version  show the version

${SCAN_USAGE}

${CHECK_USAGE}

${HOOK_USAGE}

${STATUS_USAGE}

${RULES_USAGE}

${TEST_USAGE}

${TRACE_USAGE}

${SERVE_USAGE}`;

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can drive it. */
export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '-v' || command === '--version') {
    io.out(packageJson.version);
    return EXIT.ok;
  }
  const entry = COMMANDS[command];
  const cacheDir = userCacheDirectory(io.env);
  keepPatternChecks(cacheDir ? keyedCacheFiles(join(cacheDir, 'team-rules')) : undefined, BUILD);
  keepCheckedConfigs(cacheDir ? keyedCacheFiles(join(cacheDir, 'configs')) : undefined, BUILD);
  try {
    if (!entry) throw new UsageError(`Unknown command '${command}'. Run 'preflight --help' for the list.`);
    return await entry.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`preflight: ${inline((error as Error).message)}`);
      return EXIT.usage;
    }
    // A stack trace helps nobody at a prompt; PREFLIGHT_DEBUG=1 shows it for a bug report.
    const detail = io.env.PREFLIGHT_DEBUG === '1' && error instanceof Error ? `\n${error.stack}` : '';
    io.err(
      `preflight: internal error: ${inline(error instanceof Error ? error.message : String(error))}. This is a bug in Preflight; PREFLIGHT_DEBUG=1 shows where.${detail}`,
    );
    return EXIT.usage;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return code.startsWith('ERR_PARSE_ARGS');
}
