// One load measurement of `npm run bench -- api`, in a process of its own so that the load
// generator shares its event loop with nothing else: autocannon's programmatic API with the
// options given as JSON in argv[2]; the figures the bench keeps go to stdout as JSON.
// `spreadAddresses: n` sends each request with X-Forwarded-For set to one of n addresses (the
// server trusts it from loopback), as if n clients called through a proxy.
import autocannon from "autocannon";

const { spreadAddresses, ...options } = JSON.parse(process.argv[2]);
if (spreadAddresses) {
  const addressOf = (index) => `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  options.requests = [
    {
      setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-forwarded-for": addressOf(Math.floor(Math.random() * spreadAddresses)) } }),
    },
  ];
}
const result = await autocannon({ ...options, renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]));
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
  }),
);
