/*
 * ycfn.h: the C ABI, the only door between the ycfn core and a host.
 *
 * Both hosts use it: the Node binding (Emscripten exports) and the WASI
 * runners (command and reactor). Everything crossing it is UTF-8 JSON; the
 * shapes are documented in docs/design.md ("The C ABI").
 *
 * Ownership, as in tree-sitter's api.h:
 *  - Input pointers are borrowed for the duration of the call only; the caller
 *    keeps ownership and may free them as soon as the call returns.
 *  - Every `char *` returned is a NUL-terminated string allocated by the core;
 *    the caller owns it and must release it with ycfn_free() exactly once.
 *  - A YcfnRuntime is owned by whoever created it with ycfn_runtime_new() and is
 *    released with ycfn_runtime_delete(). It is not thread-safe: one host thread
 *    drives it (wasm has one anyway).
 */
#ifndef YCFN_YCFN_H_
#define YCFN_YCFN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change of a function or of a JSON shape. */
#define YCFN_ABI_VERSION 3

/* Opaque: the handler registered in this module, its token cache and the
 * invocations in progress. */
typedef struct YcfnRuntime YcfnRuntime;

/* The ABI version this module implements (YCFN_ABI_VERSION when built). Hosts
 * check it before anything else. */
uint32_t ycfn_abi_version(void);

/* Allocates `size` bytes for the host to write an input into (wasm hosts
 * cannot call malloc directly). Returns NULL when out of memory. The caller
 * owns the buffer and releases it with ycfn_free(). */
char* ycfn_alloc(size_t size);

/* Releases a buffer from ycfn_alloc() or any string the ABI returned.
 * NULL is ignored. */
void ycfn_free(char* ptr);

/* Creates a runtime for the handler this module registered (YCFN_HANDLER).
 * `config` (borrowed, `config_len` bytes, may be NULL/0) is JSON:
 *   {"env": {"YC_METADATA_ADDR": ..., "GCE_METADATA_HOST": ...}, "network": true}
 * Unknown keys are ignored; a malformed config is reported by the invocations
 * that depend on it, never here. Returns NULL only when out of memory. The
 * caller owns the result: release it with ycfn_runtime_delete(). */
YcfnRuntime* ycfn_runtime_new(const char* config, size_t config_len);

/* Releases a runtime and every invocation still in progress in it. NULL is
 * ignored. */
void ycfn_runtime_delete(YcfnRuntime* runtime);

/* Starts an invocation. `event` (borrowed) is the platform event, raw JSON
 * bytes; `invocation` (borrowed) is JSON
 *   {"context": {...}, "now_ms": <int>, "deadline_ms": <int>}
 * (times: integer Unix epoch milliseconds, 0 .. 2^53-1, else abi.bad_input).
 * Returns the first step (owned by the caller; ycfn_free it):
 *   {"invocation": N, "step": "respond" | "fetch" | "wait", ...}.
 * Never returns NULL except when out of memory. */
char* ycfn_invoke(YcfnRuntime* runtime, const char* event, size_t event_len, const char* invocation,
                  size_t invocation_len);

/* ycfn_invoke() for an event whose top-level "body" string travels beside the
 * JSON rather than inside it: `event` (borrowed) is the event without its
 * "body" member, and `body` (borrowed, `body_len` bytes) is that member's
 * string content as UTF-8 (the characters themselves: no quotes, no escapes).
 * The invocation is exactly the one ycfn_invoke() would start for the event
 * with that member; an `event` that still has a "body" member, or a body that
 * is not UTF-8, answers 400 event.malformed. A host uses it for large bodies,
 * which then never pass through JSON text (bench/README.md, item 2). Returns
 * the first step, owned by the caller as for ycfn_invoke(). */
char* ycfn_invoke_with_body(YcfnRuntime* runtime, const char* event, size_t event_len, const char* body,
                            size_t body_len, const char* invocation, size_t invocation_len);

/* Continues an invocation after a "fetch" or "wait" step. `input` (borrowed)
 * is JSON {"invocation": N, "now_ms": <int>, "fetch_result": {...}?}. Returns
 * the next step (owned by the caller; ycfn_free it), or
 *   {"step": "error", "error": {"code": "abi.unknown_invocation", ...}}
 * when N is not in progress. */
char* ycfn_resume(YcfnRuntime* runtime, const char* input, size_t input_len);

#ifdef __cplusplus
}
#endif

#endif /* YCFN_YCFN_H_ */
