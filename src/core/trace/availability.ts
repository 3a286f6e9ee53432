import type { PreflightConfig } from '../config/types';
import { migrationFormatFromContent, migrationFormatOf } from '../migrations/formats';
import { detectJsFramework } from '../migrations/js/extract';
import { findPostgresInstallations, INSTALL_HINT, type PostgresBinaries } from './binaries';

/** The frameworks whose migrations a trace reads the SQL of. */
export const TRACEABLE_FRAMEWORKS: ReadonlySet<string> = new Set(['rails', 'django', 'alembic', 'knex', 'typeorm', 'sequelize']);

/** A SQL migration, or one of a framework whose SQL Preflight reads, by its path or its content: what `preflight trace` can run. */
export function isTraceableMigration(path: string, text: string, config: PreflightConfig): boolean {
  const format = migrationFormatOf(path, config) ?? migrationFormatFromContent(path, text);
  if (format === 'sql') return path.endsWith('.sql');
  if (format === 'knex' && !detectJsFramework(text)) return false;
  return format !== undefined && TRACEABLE_FRAMEWORKS.has(format);
}

let installations: Promise<PostgresBinaries[]> | undefined;

/** Whether a trace can start a cluster here, asked once per process (an editor's lens asks on every render). */
export async function traceAvailability(): Promise<{ available: true; versions: string[] } | { available: false; hint: string }> {
  installations ??= findPostgresInstallations().catch(() => []);
  const found = await installations;
  return found.length > 0
    ? { available: true, versions: found.map((f) => f.version) }
    : { available: false, hint: `Tracing needs a PostgreSQL server on this machine. ${INSTALL_HINT}` };
}

/** After the user installed PostgreSQL: look again. */
export function forgetAvailability(): void {
  installations = undefined;
}
