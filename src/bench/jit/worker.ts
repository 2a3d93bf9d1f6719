import { parentPort, workerData } from 'node:worker_threads';
import { runPolicyYear, type FleetYearOptions } from './fleet-year.js';
import type { PolicyName } from './policies.js';

/** A worker thread of `bench jit`: runs the policies it is sent, one at a time, and posts back progress and results. */
const options = workerData as Omit<FleetYearOptions, 'progress'>;
parentPort!.on('message', (policy: PolicyName | null) => {
  if (policy === null) return parentPort!.close();
  const result = runPolicyYear(policy, { ...options, progress: (message) => parentPort!.postMessage({ progress: message }) });
  parentPort!.postMessage({ result });
});
