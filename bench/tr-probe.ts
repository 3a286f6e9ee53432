import { parseConfigFully } from '../src/core/config/loader';
import { analyzeFile } from '../src/core/engine/analyze-file';
import { teamRulesAnalyzer } from '../src/core/team-rules/analyzer';
import { benchRules, generateTypeScriptFile, preflightYaml } from './team-rules';
(async () => {
  const loaded = await parseConfigFully(preflightYaml(benchRules()), '.preflight.yml');
  const text = generateTypeScriptFile();
  const file = { path: 'src/service.ts', text };
  const ctx = { config: loaded.config, root: '/b' };
  let f = await analyzeFile(file, [teamRulesAnalyzer], ctx);
  const times: number[] = [];
  for (let i = 0; i < 30; i++) { const s = performance.now(); f = await analyzeFile(file, [teamRulesAnalyzer], ctx); times.push(performance.now() - s); }
  times.sort((a, b) => a - b);
  console.log('ours', f.length, times[15].toFixed(1));
})();
