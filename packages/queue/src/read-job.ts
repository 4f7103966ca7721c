import { Job, type JobState, type Queue } from 'bullmq';

/** A job and its state, read in that order so a settled state always comes with its outcome. */
export type JobRead =
  | { readonly job: Job; readonly state: JobState }
  | { readonly job: undefined; readonly state: 'unknown' };

/**
 * Reads the state of job `id`, then the job: a job that settles between the two reads still
 * carries its return value or failure reason when its state says it settled.
 */
export async function readJob(queue: Queue, id: string): Promise<JobRead> {
  const state = await queue.getJobState(id);
  const job = state === 'unknown' ? undefined : await Job.fromId(queue, id);
  if (job === undefined) return { job: undefined, state: 'unknown' };
  return { job, state: state as JobState };
}
