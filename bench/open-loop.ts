/**
 * Open-loop load generator process (see `open-loop-generator.ts`): runs one measurement
 * and prints one JSON line with its `OpenLoopResult`. Started by `run-open-loop.ts`.
 *
 * Usage: node bench/open-loop.ts --spec '<OpenLoopSpec JSON>'
 */
import { parseArgs } from 'node:util';
import { exitWithParent } from './child-protocol.ts';
import { generateOpenLoad } from './open-loop-generator.ts';
import { parseOpenLoopSpec } from './open-loop-spec.ts';

const { values } = parseArgs({ options: { spec: { type: 'string' } } });
if (!values.spec) throw new Error("open-loop: --spec '<json>' is required");
exitWithParent();
const result = await generateOpenLoad(parseOpenLoopSpec(values.spec));
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
