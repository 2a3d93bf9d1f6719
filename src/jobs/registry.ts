import { AppError } from '../platform/errors.js';
import type { AnyJobDefinition, ScheduleDefinition } from './definitions.js';

/** Indexes definitions by name; two with one name would make stored jobs ambiguous. */
export function jobRegistry(definitions: readonly AnyJobDefinition[]): ReadonlyMap<string, AnyJobDefinition> {
  const byName = new Map<string, AnyJobDefinition>();
  for (const definition of definitions) {
    if (byName.has(definition.name)) throw new AppError('invalid-config', `Two job definitions are named "${definition.name}".`);
    byName.set(definition.name, definition);
  }
  return byName;
}

/** Rejects duplicate schedule names and schedules whose job this runner could not run. */
export function checkSchedules(schedules: readonly ScheduleDefinition[], definitions: ReadonlyMap<string, AnyJobDefinition>): readonly ScheduleDefinition[] {
  const names = new Set<string>();
  for (const schedule of schedules) {
    if (names.has(schedule.name)) throw new AppError('invalid-config', `Two schedules are named "${schedule.name}".`);
    if (definitions.get(schedule.job.name) !== schedule.job) {
      throw new AppError('invalid-config', `Schedule "${schedule.name}" runs job "${schedule.job.name}", which is not among this runner's definitions.`);
    }
    names.add(schedule.name);
  }
  return schedules;
}
