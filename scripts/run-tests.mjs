// Runs the test tiers and ends with one line over all of them: `N passed, N failed`.
//   node scripts/run-tests.mjs                  every tier: unit, integration, vscode, e2e
//   node scripts/run-tests.mjs unit integration only those tiers
// The vscode and e2e tiers provision a real VS Code once (scripts/provision-vscode.sh) and
// build the extension first. PREFLIGHT_SKIP_VSCODE=1 skips them (they are then not counted).
import { spawn } from 'node:child_process';

const MOCHA = ['node_modules/mocha/bin/mocha.js', '--require', 'tsx/cjs', '--reporter', 'spec', '--color'];
const TIERS = {
  unit: { command: ['node', ...MOCHA, '--timeout', '10000', 'test/unit/**/*.test.ts'] },
  integration: { needsBuild: true, command: ['node', ...MOCHA, '--timeout', '60000', 'test/integration/**/*.test.ts'] },
  vscode: { needsVscode: true, command: ['node', '--require', 'tsx/cjs', 'test/vscode/run-in-server.ts'] },
  e2e: { needsVscode: true, command: ['node', ...MOCHA, '--timeout', '180000', 'test/e2e/**/*.test.ts'] },
};

const requested = process.argv.slice(2);
const unknown = requested.filter((tier) => !(tier in TIERS));
if (unknown.length > 0) {
  console.error(`unknown tier(s): ${unknown.join(', ')}; known: ${Object.keys(TIERS).join(', ')}`);
  process.exit(2);
}
const skipVscode = process.env.PREFLIGHT_SKIP_VSCODE === '1';
const tiers = (requested.length > 0 ? requested : Object.keys(TIERS)).filter((tier) => !(skipVscode && TIERS[tier].needsVscode));

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let preparedVscode = false;
for (const tier of tiers) {
  if (TIERS[tier].needsVscode && !preparedVscode) {
    const prepared =
      (await run(['bash', 'scripts/provision-vscode.sh'], { quiet: true })).code === 0 &&
      (await run(['npm', 'run', '--silent', 'package'])).code === 0;
    if (!prepared) {
      totals.failed++;
      lines.push(`${tier}: could not provision VS Code or package the extension`);
      break;
    }
    preparedVscode = true;
  }
  if (TIERS[tier].needsBuild && (await run(['node', 'scripts/build.mjs'], { quiet: true })).code !== 0) {
    totals.failed++;
    lines.push(`${tier}: the build failed`);
    continue;
  }
  console.log(`\n=== ${tier} ===`);
  const { code, output } = await run(TIERS[tier].command);
  const counts = mochaCounts(output);
  if (code !== 0 && counts.failed === 0) counts.failed = 1; // a tier that crashed counts as a failure
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(`${tier}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
}

console.log('\n' + lines.join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exitCode = totals.failed > 0 ? 1 : 0;

function run([command, ...args], { quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // A run the tests start is made by the process they start, never handed to a `preflight serve`
      // the developer has running (test/integration/serve.test.ts starts its own).
      env: { ...process.env, FORCE_COLOR: '1', PREFLIGHT_SERVER: 'off' },
    });
    let output = '';
    const forward = (stream) => (chunk) => {
      output += chunk;
      if (!quiet) stream.write(chunk);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('close', (code) => {
      if (quiet && code !== 0) process.stderr.write(output);
      resolve({ code: code ?? 1, output });
    });
  });
}

function mochaCounts(output) {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const count = (word) => [...plain.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
  return { passed: count('passing'), failed: count('failing'), skipped: count('pending') };
}
