// Entry point of the dist/cli.js bundle; main.ts stays importable by tests without side effects.
import { main } from './main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
