// Preloaded into the app server only when `npm run bench -- api` profiles it (BENCH_CPU_PROF):
// node writes a --cpu-prof profile on a normal exit, not when SIGTERM kills the process.
process.once("SIGTERM", () => process.exit(0));
