import type { JobRule } from '../rule';
import { implicitDefaultQueue } from './implicit-default-queue';
import { newJobClass } from './new-job-class';
import { performSignatureChanged } from './perform-signature-changed';
import { queueNotConfigured } from './queue-not-configured';

/** The per-file job rules; jobs/removed-job-still-referenced looks at the whole push (see removed-jobs.ts). */
export const JOB_RULES: readonly JobRule[] = [queueNotConfigured, implicitDefaultQueue, newJobClass, performSignatureChanged];
