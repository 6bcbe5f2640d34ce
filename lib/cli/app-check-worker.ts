import { parentPort } from 'node:worker_threads';
import { checkApp, type AppTask } from './app-check';

// A worker of the pool in check-app-pool.ts: one app at a time, its result sent back as plain data.
parentPort?.on('message', (task: AppTask) => {
  parentPort?.postMessage(checkApp(task));
});
