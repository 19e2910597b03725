// Type declarations for a ycfn function's index.js (the Emscripten glue + the ycfn
// Node host, built by ycfn_add_node_function). The platform calls `main`; it takes
// any event the platform delivers (HTTP call, API Gateway, trigger message batch)
// and always resolves to a platform HTTP result: a handler's failure, a trap of the
// WebAssembly module or a metadata-service problem is an error result, never a
// rejected promise.
//
// The shapes are the official ones from @yandex-cloud/function-types, so
// `const handler: Handler.Http = main` type-checks (see test/types-check.ts).
import type { Handler } from '@yandex-cloud/function-types';

/** The platform's context object (functionName, requestId, token?, getRemainingTimeInMillis()...). */
export type YcfnContext = Parameters<Handler.Http>[1];
/** An HTTP invocation event. */
export type YcfnHttpEvent = Parameters<Handler.Http>[0];
/** A trigger event: a batch of messages (timer, message queue, object storage...). */
export type YcfnTriggerEvent = Parameters<Handler.Timer>[0] | Parameters<Handler.MessageQueue>[0] | Parameters<Handler.ObjectStorage>[0];
/** What main answers: the platform's HTTP result. */
export type YcfnResult = Awaited<ReturnType<Handler.Http>>;

/** Error types the Node host itself may answer (the core's codes are in docs/design.md). */
export type YcfnHostErrorType =
  | 'ycfn.trap' // 500: the WebAssembly module trapped or ran out of memory; the next call gets a new instance
  | 'ycfn.load_failed' // 500: index.wasm could not be loaded or speaks another ABI version
  | 'ycfn.host_error' // 500: a bug in the host
  | 'metadata.timeout' // 504: the deadline passed while waiting on the metadata service
  | 'event.malformed'; // 400: the event cannot be serialized as JSON

/** The function's entry point, `index.main`. Never rejects. */
export declare function main(event: YcfnHttpEvent | YcfnTriggerEvent | unknown, context: YcfnContext): Promise<YcfnResult>;
