import type { ScheduleDefinition } from './definitions.js';

/** One occurrence of a schedule: when its slot began and the key that makes it enqueue once. */
export interface ScheduleSlot {
  start: Date;
  dedupeKey: string;
}

/**
 * The slot of `schedule` that contains `now`. Slots are aligned to the Unix epoch rather than to
 * process start, so every process computes the same slot, and so the same dedupe key, for the same
 * instant. Only the current slot is ever produced: slots missed while no worker ran are skipped on
 * purpose — a nightly forecast missed yesterday should run once now, not once per missed night.
 */
export function currentSlot(schedule: Pick<ScheduleDefinition, 'name' | 'everyMs'>, now: Date): ScheduleSlot {
  const start = new Date(Math.floor(now.getTime() / schedule.everyMs) * schedule.everyMs);
  return { start, dedupeKey: slotDedupeKey(schedule.name, start) };
}

/** `schedule:<name>:<slotStartISO>`: the deterministic id of one slot across all processes. */
export function slotDedupeKey(scheduleName: string, slotStart: Date): string {
  return `schedule:${scheduleName}:${slotStart.toISOString()}`;
}
