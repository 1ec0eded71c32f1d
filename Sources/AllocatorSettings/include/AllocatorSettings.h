// The allocator's settings are a C global that jemalloc looks up (`malloc_conf.c`); nothing
// here is for Swift to call. Linking this module into `ingest` is what applies them.
