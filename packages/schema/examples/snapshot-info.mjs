// Which W&B schema this installed @wandb-ts/schema carries, where it is, and where it came from.
//
//   node packages/schema/examples/snapshot-info.mjs   (from the repository root, after `npm run build`)
import { snapshotInfo } from '@wandb-ts/schema';

const { path, specifier, sha256, source } = snapshotInfo();
console.log(`${specifier} is ${path}`);
console.log(`W&B schema of about ${source.date}: a ${source.kind} from ${source.repository} (${source.file} at ${source.commit.slice(0, 12)})`);
console.log(`sha256 ${sha256}`);
