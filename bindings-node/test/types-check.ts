// Compiled with `tsc --noEmit` (test stage node_binding): index.d.ts must agree with
// the official Yandex Cloud Functions typings.
import type { Handler } from '@yandex-cloud/function-types';
import { main, YcfnContext, YcfnResult } from '../index';

// main is a valid handler of every kind the platform routes to it.
export const http: Handler.Http = main;
export const timer: Handler.Timer = main;
export const queue: Handler.MessageQueue = main;
export const storage: Handler.ObjectStorage = main;

// Calling it the way the platform does.
declare const event: Parameters<Handler.Http>[0];
declare const context: YcfnContext;
export async function call(): Promise<number> {
  const result: YcfnResult = await main(event, context);
  const body: string | undefined = result.body;
  return result.statusCode + (body ? body.length : 0);
}
