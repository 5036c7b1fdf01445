// Preloaded with `node --import ./bench/usage.js`: reports the process's peak memory on exit.
import { writeSync } from 'node:fs';

const target = process.env.BENCH_USAGE_FD ? Number(process.env.BENCH_USAGE_FD) : 2;
process.on('exit', () => {
  writeSync(target, `\nBENCH_USAGE ${JSON.stringify({ maxRSS: process.resourceUsage().maxRSS })}\n`);
});
