// Node functions only (cmake/YcfnNodeFunction.cmake links it): a cache of
// small freed blocks in front of emmalloc, Emscripten's size-first allocator.
//
// Why: a warm invocation allocates and frees a few hundred small blocks
// (strings, map nodes, JSON values), and emmalloc's own malloc/free, which
// search and merge free regions every time, were ~13 % of a 1 KB call;
// dlmalloc is as fast but 5.6 KB larger (bench/README.md, "Warm 1 KB"). Here a
// freed block of up to kClasses * kGrain bytes goes onto a list by size and the
// next request of that size takes it back: one pointer swap each way, about
// 200 bytes of code. Each list keeps at most kKeep blocks (72 KiB at most in
// all), the rest go back to emmalloc, so memory stays bounded.
//
// Every block still comes from emmalloc and is one of its live blocks while it
// waits here: realloc, calloc, memalign and malloc_usable_size stay emmalloc's
// and work on any of them. emmalloc declares malloc and free weak so that a
// program may put its own in front (system/lib/emmalloc.c); the whole module
// is single-threaded.
#include <cstddef>

extern "C" {
void* emmalloc_malloc(std::size_t size);
void emmalloc_free(void* ptr);
std::size_t emmalloc_usable_size(void* ptr);
}

namespace {

constexpr std::size_t kGrain = 16;   // a list per 16 bytes of size
constexpr std::size_t kClasses = 8;  // blocks up to 128 bytes
constexpr unsigned kKeep = 128;      // blocks kept per list

// The free blocks of each size, linked through their first bytes.
void* free_lists[kClasses];
unsigned free_counts[kClasses];

}  // namespace

extern "C" void* malloc(std::size_t size) {
  // List c - 1 holds blocks with room for c * kGrain bytes (c = 0 for size 0:
  // the unsigned c - 1 is then out of range, as for sizes above the lists').
  const std::size_t c = (size + kGrain - 1) / kGrain;
  if (c - 1 >= kClasses) return emmalloc_malloc(size);
  void* block = free_lists[c - 1];
  if (block == nullptr) return emmalloc_malloc(c * kGrain);  // rounded up: reusable by its list
  free_lists[c - 1] = *static_cast<void**>(block);
  --free_counts[c - 1];
  return block;
}

extern "C" void free(void* ptr) {
  if (ptr == nullptr) return;
  // The list of the largest size the block can serve (rounded down).
  const std::size_t c = emmalloc_usable_size(ptr) / kGrain;
  if (c - 1 >= kClasses || free_counts[c - 1] >= kKeep) {
    emmalloc_free(ptr);
    return;
  }
  *static_cast<void**>(ptr) = free_lists[c - 1];
  free_lists[c - 1] = ptr;
  ++free_counts[c - 1];
}
