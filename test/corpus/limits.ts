// What issue #3 asks of the whole-tree result, and where the reviewed list lives.
import * as path from 'node:path';

export const EXPECTED_FILE = path.join(__dirname, 'linux-6.12.expected');
/** "At most 25 findings on the whole tree": they must fit on one screen. */
export const MAX_FINDINGS = 25;
/** "No more than 10 of them accepted false positives." */
export const MAX_ACCEPTED = 10;
