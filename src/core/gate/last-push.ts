import gateReportSchema from '../../../schemas/gate-report.schema.json';
import { Git, preflightStateDir } from '../git/git';
import { readStateFile, writeStateFile } from '../state/state-file';
import type { GateReport } from './run-gate';

/** `.git/preflight/last-push.json`: the hook's report of the last push it checked, which the editor shows. */
export const LAST_PUSH_FILE = 'last-push.json';

export async function saveLastPush(root: string, report: GateReport): Promise<void> {
  const dir = await preflightStateDir(new Git(root));
  if (dir) await writeStateFile(dir, LAST_PUSH_FILE, report);
}

/** The last report, or a one-line warning when the file is not a report (it is then ignored). */
export async function readLastPush(stateDir: string): Promise<{ report?: GateReport; warning?: string }> {
  const read = await readStateFile<GateReport>(stateDir, LAST_PUSH_FILE, gateReportSchema);
  if (!read) return {};
  return 'warning' in read ? { warning: read.warning } : { report: read.value };
}
