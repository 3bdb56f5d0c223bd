/**
 * Least-privilege IAM for each VideoForge identity, derived from the AWS SDK commands each
 * deployable sends (packages/adapters/src, services/*, lambda/src). Resources are CloudFormation
 * `Fn::Sub` strings over the stack's own resources, scoped to bucket prefixes, the two queues, the
 * table and the user pool. Cognito's SignUp, ConfirmSignUp, InitiateAuth and GetUser are unauthenticated APIs: no
 * IAM action is needed for them.
 */
export type Sub = { readonly 'Fn::Sub': string };

export interface Statement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly Sub[] | Sub;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const sub = (s: string): Sub => ({ 'Fn::Sub': s });
/** The bucket by its constructed name: a Ref would make Bucket -> Lambda -> role -> Bucket a cycle. */
export const BUCKET_NAME = 'videoforge-${Environment}-${AWS::AccountId}';
const BUCKET = `arn:\${AWS::Partition}:s3:::${BUCKET_NAME}`;
const objects = (...prefixes: string[]) => prefixes.map((p) => sub(`${BUCKET}/${p}/*`));
const JOBS = sub('${JobsQueue.Arn}');
const DLQ = sub('${DeadLetterQueue.Arn}');
const TABLE = sub('${Table.Arn}');
const TABLE_INDEXES = sub('${Table.Arn}/index/*');
const USER_POOL = sub('${UserPool.Arn}');
/** Ref of an AWS::SecretsManager::Secret is its full ARN (with the random suffix): exactly that secret. */
const PLAYBACK_SIGNING_SECRET = sub('${PlaybackSigningSecret}');
const REDIS_AUTH_SECRET = sub('${RedisAuthSecret}');

/**
 * s3:ListBucket for ListObjectsV2 (deleting a ladder, listing an HLS folder, the api's readiness,
 * telling a missing key from a denied one), allowed only when the request names one of the given
 * prefixes: `StringLike` on `s3:prefix`, so a request without a prefix (the whole bucket) is
 * denied. The S3 adapter sends no call that needs more: readiness is a listing of `hls/` instead of
 * HeadBucket, and a HEAD answered 403 is followed by a listing of the key itself
 * (packages/adapters/src/s3-object-store.ts).
 */
const listBucket = (sid: string, ...prefixes: string[]): Statement => ({
  Sid: sid,
  Effect: 'Allow',
  Action: ['s3:ListBucket'],
  Resource: [sub(BUCKET)],
  Condition: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}/*`) } },
});

/** ListObjectVersions, allowed only below the given prefixes (a video's keys, to delete them). */
const listBucketVersions = (sid: string, ...prefixes: string[]): Statement => ({
  ...listBucket(sid, ...prefixes),
  Action: ['s3:ListBucketVersions'],
});

export const rolePolicies = {
  /** Presigned PUT (single and multipart) into raw/, presigned GET of outputs, DELETE of a video. */
  api: [
    {
      Sid: 'Uploads',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: objects('raw'),
    },
    {
      Sid: 'Playback',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: objects('transcoded', 'hls', 'thumbnails'),
    },
    {
      Sid: 'DeleteVideo',
      Effect: 'Allow',
      // The bucket is versioned: deleting a video removes each version and delete marker by id.
      Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: objects('raw', 'transcoded', 'hls', 'thumbnails'),
    },
    listBucket('ReadinessAndHlsListing', 'hls'),
    listBucketVersions('DeleteVideoVersions', 'raw', 'transcoded', 'hls', 'thumbnails'),
    { Sid: 'EnqueueJobs', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [JOBS] },
    {
      Sid: 'Videos',
      Effect: 'Allow',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        // Quota counters: one atomic conditional ADD each (USER#… / USAGE items).
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        'dynamodb:DescribeTable',
      ],
      Resource: [TABLE],
    },
  ],
  /** Users, stats, DLQ inspection and redrive (re-enqueue, then delete from the DLQ). */
  admin: [
    { Sid: 'CheckSources', Effect: 'Allow', Action: ['s3:GetObject'], Resource: objects('raw') },
    // HeadObject of a missing source answers 403; a listing of the key itself tells it from a denial.
    listBucket('MissingSources', 'raw'),
    {
      Sid: 'QueueDepth',
      Effect: 'Allow',
      Action: ['sqs:GetQueueAttributes'],
      Resource: [JOBS, DLQ],
    },
    { Sid: 'Redrive', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [JOBS] },
    {
      Sid: 'DeadLetters',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage'],
      Resource: [DLQ],
    },
    {
      Sid: 'Catalog',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DescribeTable'],
      Resource: [TABLE, TABLE_INDEXES],
    },
    {
      Sid: 'Users',
      Effect: 'Allow',
      Action: ['cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup'],
      Resource: [USER_POOL],
    },
  ],
  /** Stream the source, upload renditions and posters, clean up a partial ladder, consume jobs. */
  transcoder: [
    { Sid: 'Sources', Effect: 'Allow', Action: ['s3:GetObject'], Resource: objects('raw') },
    {
      Sid: 'Outputs',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
      Resource: objects('transcoded', 'hls', 'thumbnails'),
    },
    listBucket('OutputListing', 'transcoded', 'hls'),
    {
      Sid: 'Jobs',
      Effect: 'Allow',
      Action: [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
      ],
      Resource: [JOBS],
    },
    {
      Sid: 'Videos',
      Effect: 'Allow',
      // UpdateItem: adds each finished job's media seconds to its owner's daily transcode usage.
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      Resource: [TABLE],
    },
  ],
  /**
   * The events service: relays the DynamoDB outbox (sparse GSI2) to BullMQ, keeps the webhook
   * delivery log, and runs maintenance: requeues stuck work (or peeks at the DLQ, never deleting
   * from it) and expires abandoned uploads (their raw/ objects, versions and multipart uploads).
   */
  events: [
    {
      Sid: 'OutboxAndDeliveries',
      Effect: 'Allow',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        'dynamodb:DescribeTable',
      ],
      Resource: [TABLE, TABLE_INDEXES],
    },
    {
      Sid: 'RequeueJobs',
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
      Resource: [JOBS],
    },
    {
      Sid: 'PeekDeadLetters',
      Effect: 'Allow',
      // No DeleteMessage: a peeked letter goes back (visibility 0) and stays for the admin's redrive.
      Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      Resource: [DLQ],
    },
    {
      Sid: 'AbandonedUploads',
      Effect: 'Allow',
      Action: [
        's3:AbortMultipartUpload',
        's3:ListMultipartUploadParts',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
      ],
      Resource: objects('raw'),
    },
    // Removing an abandoned video lists the versions of every key it could have (core
    // removeVideoObjects: source, renditions, poster, HLS prefix). A video that never finished
    // its upload has nothing outside raw/, so deletes stay limited to raw/ above: listing is all
    // it needs elsewhere, and anything unexpected there fails the run rather than being deleted.
    listBucketVersions('AbandonedUploadVersions', 'raw', 'transcoded', 'hls', 'thumbnails'),
    {
      Sid: 'AbandonedMultipartUploads',
      Effect: 'Allow',
      // A bucket-level action without an s3:prefix condition key; it lists upload ids, never data.
      Action: ['s3:ListBucketMultipartUploads'],
      Resource: [sub(BUCKET)],
    },
  ],
  /** S3 ObjectCreated on raw/ -> check the object, mark the video UPLOADED, enqueue its jobs. */
  lambda: [
    {
      Sid: 'Uploads',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:DeleteObject'],
      Resource: objects('raw'),
    },
    listBucket('MissingUploads', 'raw'),
    { Sid: 'EnqueueJobs', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [JOBS] },
    {
      Sid: 'Videos',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [TABLE],
    },
  ],
  /** The SecretStores read the stack's parameters, its playback signing keys and the Redis AUTH token. */
  externalSecrets: [
    {
      Sid: 'Parameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters'],
      Resource: [
        sub(
          'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/videoforge/${Environment}/*',
        ),
      ],
    },
    {
      Sid: 'PlaybackSigningKeys',
      Effect: 'Allow',
      // What External Secrets calls to read a value by name and property; nothing lists or describes.
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [PLAYBACK_SIGNING_SECRET],
    },
    {
      Sid: 'RedisAuthToken',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [REDIS_AUTH_SECRET],
    },
  ],
} satisfies Record<string, readonly Statement[]>;

export type RoleName = keyof typeof rolePolicies;

/** KEDA's aws-sqs-queue scaler reads the jobs queue's depth: nothing else (KedaScalerRole). */
export const KEDA_SCALER_POLICY: readonly Statement[] = [
  {
    Sid: 'QueueDepth',
    Effect: 'Allow',
    Action: ['sqs:GetQueueAttributes'],
    Resource: [JOBS],
  },
];

/** Every IAM action a role is granted, sorted (for the docs and the tests). */
export function actionsOf(role: RoleName): string[] {
  return [...new Set(rolePolicies[role].flatMap((s: Statement) => s.Action))].sort();
}
