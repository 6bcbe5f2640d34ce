import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkApp, type AppCheckResult, type AppTask } from './app-check';

/** `--jobs` when not given: one app per CPU the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** Apps handed to a worker ahead of its results: one being checked, one waiting, so it never idles while this thread is busy. */
const QUEUED_PER_WORKER = 2;

/**
 * Checks every app, at most `jobs` at a time, and gives their results in the order of `tasks`
 * whatever order they finish in, so the report does not depend on scheduling. With one job (or
 * one app) the apps are checked one after the other in this thread. Otherwise worker threads
 * take the apps one at a time as they finish one; when the apps are outputs to read (no synth),
 * this thread is one of the `jobs` and checks apps too, which spares starting a worker. At most
 * `jobs` apps (their parsed templates) are in memory at once; what comes back from a worker is
 * findings as plain data.
 */
export async function checkAppsInPool(tasks: readonly AppTask[], jobs: number): Promise<AppCheckResult[]> {
  if (jobs <= 1 || tasks.length <= 1) return tasks.map((task) => checkApp(task));
  // A synth runs in a child process and blocks the thread that waits for it: this thread waits for workers instead.
  const here = tasks.every((task) => !task.synthesize);
  const results = new Array<AppCheckResult>(tasks.length);
  let next = 0;
  const take = (): number | undefined => (next < tasks.length ? next++ : undefined);
  const workers = Array.from({ length: Math.min(here ? jobs - 1 : jobs, tasks.length) }, () => startWorker());
  try {
    await Promise.all([
      ...workers.map((worker) => runOn(worker, tasks, take, (index, result) => (results[index] = result))),
      ...(here ? [runHere(tasks, take, (index, result) => (results[index] = result))] : []),
    ]);
  } catch (error) {
    // A worker failed: the run ends with it, and this thread takes no further app.
    next = tasks.length;
    throw error;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/** This thread's share: one app at a time, yielding between apps so the workers' results come in and their next apps go out. */
async function runHere(tasks: readonly AppTask[], take: () => number | undefined, done: (index: number, result: AppCheckResult) => void): Promise<void> {
  for (let index = take(); index !== undefined; index = take()) {
    done(index, checkApp(tasks[index]));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function startWorker(): Worker {
  const script = join(__dirname, `app-check-worker${extname(__filename)}`);
  // From source (tests, `npm run bulwark`) the worker is TypeScript, loaded through tsx, the
  // development dependency that runs the source; the built package runs JavaScript.
  return extname(__filename) === '.ts' ? new Worker(script, { execArgv: [...process.execArgv, '--require', require.resolve('tsx/cjs')] }) : new Worker(script);
}

/**
 * A worker's share: apps taken as it finishes them, QUEUED_PER_WORKER ahead (it checks one at a
 * time, in the order sent); rejects when the worker fails (it crashed or ran out of memory).
 */
function runOn(
  worker: Worker,
  tasks: readonly AppTask[],
  take: () => number | undefined,
  done: (index: number, result: AppCheckResult) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const sent: number[] = [];
    const send = () => {
      const index = take();
      if (index === undefined) return;
      sent.push(index);
      worker.postMessage(tasks[index]);
    };
    const appOf = () => (sent.length > 0 ? tasks[sent[0]].app : 'an app');
    worker.on('message', (result: AppCheckResult) => {
      const index = sent.shift();
      if (index !== undefined) done(index, result);
      send();
      if (sent.length === 0) resolve();
    });
    worker.on('error', (error) => reject(new Error(`checking ${appOf()} failed in its worker: ${error.message}`)));
    worker.on('exit', (code) => {
      if (sent.length > 0) reject(new Error(`the worker checking ${appOf()} stopped (exit ${code})`));
    });
    for (let queued = 0; queued < QUEUED_PER_WORKER; queued += 1) send();
    if (sent.length === 0) resolve();
  });
}
