import { containedGlobs, type ConfigCheck } from '../config/loader';

/** `jobs.queueConfigs` must name files inside the repository: Preflight reads them. */
export const containedQueueConfigs: ConfigCheck = (config, document) => {
  const { kept, findings } = containedGlobs(config.jobs.queueConfigs, ['jobs', 'queueConfigs'], document);
  return { config: { ...config, jobs: { ...config.jobs, queueConfigs: kept } }, findings };
};
