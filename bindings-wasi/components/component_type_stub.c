/* wit-bindgen's generated guest.c calls this function to force its
 * guest_component_type.o (the world, as a custom section) into the link. The
 * build embeds the world with `wasm-tools component embed` instead
 * (scripts/gen-wasi-bindings.sh passes --no-object-file), so an empty
 * definition stands in for that object. */
void __component_type_object_force_link_guest(void);
void __component_type_object_force_link_guest(void) {}
