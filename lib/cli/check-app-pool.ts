import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkApp, type AppCheckResult, type AppTask } from './app-check';

/** `--jobs` when not given: one app per core the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Checks every app, at most `jobs` at a time, and gives their results in the order of `tasks`
 * whatever order they finish in, so the report does not depend on scheduling. With one job (or
 * one app) the apps are checked one after the other in this thread; otherwise by a pool of
 * worker threads, each handed the next app when it is done with one: at most `jobs` apps (their
 * synthesized output, their parsed templates) are in memory at once, and what comes back is
 * findings as plain data.
 */
export async function checkAppsInPool(tasks: readonly AppTask[], jobs: number): Promise<AppCheckResult[]> {
  if (jobs <= 1 || tasks.length <= 1) return tasks.map(checkApp);
  const results: AppCheckResult[] = new Array<AppCheckResult>(tasks.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(jobs, tasks.length) }, () => startWorker());
  try {
    await Promise.all(
      workers.map(async (worker) => {
        while (next < tasks.length) {
          const index = next;
          next += 1;
          results[index] = await checkOn(worker, tasks[index]);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

function startWorker(): Worker {
  const script = join(__dirname, `app-check-worker${extname(__filename)}`);
  // From source (tests, `npm run bulwark`) the worker is TypeScript, loaded through tsx, the
  // development dependency that runs the source; the built package runs JavaScript.
  return extname(__filename) === '.ts' ? new Worker(script, { execArgv: [...process.execArgv, '--require', require.resolve('tsx/cjs')] }) : new Worker(script);
}

/** One app checked on a worker: its result, or a rejection when the worker fails (it crashed or ran out of memory). */
function checkOn(worker: Worker, task: AppTask): Promise<AppCheckResult> {
  return new Promise((resolve, reject) => {
    const settle = (settler: () => void) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      settler();
    };
    const onMessage = (result: AppCheckResult) => settle(() => resolve(result));
    const onError = (error: Error) => settle(() => reject(new Error(`checking ${task.app} failed in its worker: ${error.message}`)));
    const onExit = (code: number) => settle(() => reject(new Error(`the worker checking ${task.app} stopped (exit ${code})`)));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
}
