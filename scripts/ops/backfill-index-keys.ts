/**
 * `npm run backfill-index-keys -- [--dry-run]`: rewrites every video item's index keys to the
 * current scheme after an upgrade that sharded an index or changed a shard count
 * (docs/performance-table.md, "Migrating an existing table"). Reads DYNAMODB_TABLE and the AWS
 * variables the services read (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, credentials from the SDK's
 * default chain). Safe to run while the services write, and to run again.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  awsEnvShape,
  backfillVideoIndexKeys,
  createDynamoDocumentClient,
  toAwsSettings,
} from '@videoforge/adapters';

const env = z.object({ ...awsEnvShape, DYNAMODB_TABLE: z.string().min(1) }).safeParse(process.env);
if (!env.success) {
  for (const issue of env.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}
const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
const dryRun = values['dry-run'];
const table = env.data.DYNAMODB_TABLE;
const client = createDynamoDocumentClient(toAwsSettings(env.data));
try {
  console.log(`${dryRun ? 'Dry run on' : 'Rewriting'} the index keys of the videos in ${table}`);
  const report = await backfillVideoIndexKeys(client, table, {
    dryRun,
    onPage: (r) => console.log(`  ${r.scanned} videos read, ${r.rewritten} to rewrite`),
  });
  console.log(
    `${report.scanned} videos read; ${report.rewritten} ${dryRun ? 'would be rewritten' : 'rewritten'}; ` +
      `${report.raced} rewritten by the services meanwhile (already current)`,
  );
} catch (error) {
  // Each rewrite is conditional and complete on its own: stopping anywhere leaves a valid table.
  console.error(`The backfill stopped: ${(error as Error).message}. Running it again is safe.`);
  process.exitCode = 1;
} finally {
  client.destroy();
}
