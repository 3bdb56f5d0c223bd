import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  cloudFormationTemplate,
  cloudFormationYaml,
  PLAYBACK_SIGNING_SECRET_NAME,
  REDIS_AUTH_SECRET_NAME,
} from '../../src/aws/cloudformation.ts';
import { actionsOf, rolePolicies, type Statement } from '../../src/aws/iam-policies.ts';
import { PLAYBACK_SIGNING_KEYS } from '../../src/constructs/app-secrets.ts';
import { exampleSettings, synthEnv } from '../support/fixtures.ts';
import { find } from '../support/objects.ts';

// The template is arbitrary JSON; the tests walk it by path.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const template = cloudFormationTemplate() as Json;
const resources = template.Resources as Record<string, Json>;

const PSEUDO = [
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::NoValue',
  'AWS::StackName',
];

/** Every name a Ref, Fn::GetAtt or Fn::Sub refers to, with whether it sits inside an Fn::If. */
function references(
  node: unknown,
  insideIf = false,
  out: { name: string; insideIf: boolean }[] = [],
) {
  if (Array.isArray(node)) node.forEach((n) => references(n, insideIf, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Ref') out.push({ name: value as string, insideIf });
      else if (key === 'Fn::GetAtt') out.push({ name: (value as string[])[0] as string, insideIf });
      else if (key === 'Fn::Sub') {
        for (const [, name] of (value as string).matchAll(
          /\$\{([A-Za-z0-9:]+)(?:\.[A-Za-z.]+)?\}/g,
        ))
          out.push({ name: name as string, insideIf });
      } else references(value, insideIf || key === 'Fn::If', out);
    }
  }
  return out;
}

describe('the CloudFormation template', () => {
  it('refers only to its parameters, resources and pseudo parameters', () => {
    const known = new Set([
      ...Object.keys(template.Parameters),
      ...Object.keys(resources),
      ...PSEUDO,
    ]);
    const unknown = references(template).filter((r) => !known.has(r.name));
    expect(unknown).toEqual([]);
  });

  it('refers to a conditional resource only from inside Fn::If or from a resource with the same condition', () => {
    const conditional = new Map(
      Object.entries(resources)
        .filter(([, r]) => r.Condition)
        .map(([id, r]) => [id, r.Condition]),
    );
    for (const [id, resource] of Object.entries(resources)) {
      for (const ref of references({ ...resource, Condition: undefined })) {
        if (!conditional.has(ref.name) || ref.insideIf) continue;
        expect(resource.Condition, `${id} -> ${ref.name}`).toBe(conditional.get(ref.name));
      }
    }
    for (const [id, output] of Object.entries(template.Outputs as Record<string, Json>)) {
      for (const ref of references(output))
        expect(conditional.has(ref.name), `output ${id}`).toBe(false);
    }
  });

  it('is YAML that CloudFormation reads back as the same template (dates stay strings)', () => {
    const yaml = cloudFormationYaml();
    expect(parse(yaml)).toEqual(template);
    expect(yaml).toMatch(/^AWSTemplateFormatVersion: "2010-09-09"$/m);
    expect(yaml).not.toMatch(/Version: 2012-10-17$/m);
  });

  it('creates the SPEC queues: visibility 600 s, long poll 20 s, DLQ after 3 receives, kept 14 days', () => {
    expect(resources.JobsQueue?.Properties).toMatchObject({
      VisibilityTimeout: 600,
      ReceiveMessageWaitTimeSeconds: 20,
      RedrivePolicy: { maxReceiveCount: 3 },
    });
    expect(resources.DeadLetterQueue?.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
    expect(resources.DeadLetterAlarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
    });
  });

  it('versions the bucket and sends raw/ ObjectCreated events to the 256 MB / 30 s Lambda', () => {
    const bucket = resources.VideosBucket?.Properties;
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const notification = bucket.NotificationConfiguration['Fn::If'][1].LambdaConfigurations[0];
    expect(notification.Filter).toEqual({ S3Key: { Rules: [{ Name: 'prefix', Value: 'raw/' }] } });
    expect(resources.UploadFunction?.Properties).toMatchObject({
      PackageType: 'Image',
      MemorySize: 256,
      Timeout: 30,
    });
  });

  it('generates the HLS signing keys once: a random letters-and-digits current key, an empty previous', () => {
    const secret = resources.PlaybackSigningSecret;
    expect(secret?.Type).toBe('AWS::SecretsManager::Secret');
    const generate = secret?.Properties.GenerateSecretString;
    expect(generate.PasswordLength).toBeGreaterThanOrEqual(48);
    expect(generate.ExcludePunctuation).toBe(true);
    expect(generate.IncludeSpace).not.toBe(true);
    // The JSON holds exactly the properties the ExternalSecret reads.
    expect(generate.GenerateStringKey).toBe(PLAYBACK_SIGNING_KEYS.PLAYBACK_SIGNING_SECRET);
    expect(
      Object.keys({
        ...JSON.parse(generate.SecretStringTemplate),
        [generate.GenerateStringKey]: '',
      }).sort(),
    ).toEqual(Object.values(PLAYBACK_SIGNING_KEYS).sort());
  });

  it('names the signing-key secret as the chart reads it, and hands that name to helm', () => {
    const name = PLAYBACK_SIGNING_SECRET_NAME.replace(
      '${Environment}',
      template.Parameters.Environment.Default,
    );
    expect(name).toBe(exampleSettings.externalSecrets.playbackSigningSecret);
    expect(resources.PlaybackSigningSecret?.Properties.Name).toEqual({
      'Fn::Sub': PLAYBACK_SIGNING_SECRET_NAME,
    });
    expect(template.Outputs.HelmSetValues.Value['Fn::Sub']).toContain(
      `externalSecrets.playbackSigningSecret=${PLAYBACK_SIGNING_SECRET_NAME}`,
    );
  });

  it('gives the table the sparse outbox index GSI2 and a TTL on expiresAtEpoch (webhook delivery log)', () => {
    const table = resources.Table?.Properties;
    const gsi2 = table.GlobalSecondaryIndexes.find((i: Json) => i.IndexName === 'GSI2');
    expect(gsi2).toEqual({
      IndexName: 'GSI2',
      KeySchema: [
        { AttributeName: 'GSI2PK', KeyType: 'HASH' },
        { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
      ],
      // Only what the relay reads: a progress write changes none of it, so it skips the index.
      Projection: {
        ProjectionType: 'INCLUDE',
        NonKeyAttributes: [
          'entity',
          'outbox',
          'event',
          'userId',
          'videoId',
          'webhookId',
          'deliveryId',
        ],
      },
    });
    for (const name of ['GSI2PK', 'GSI2SK'])
      expect(table.AttributeDefinitions).toContainEqual({
        AttributeName: name,
        AttributeType: 'S',
      });
    expect(table.TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAtEpoch',
      Enabled: true,
    });
  });

  it('runs BullMQ Redis on ElastiCache Valkey: cluster mode off, failover, TLS, encrypted at rest, AUTH from the generated secret', () => {
    const group = resources.Redis;
    expect(group?.Type).toBe('AWS::ElastiCache::ReplicationGroup');
    const props = group?.Properties;
    expect(props).toMatchObject({
      Engine: 'valkey',
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      Port: 6379,
    });
    // Cluster mode disabled: one shard (no NumNodeGroups / ReplicasPerNodeGroup).
    expect(props).not.toHaveProperty('NumNodeGroups');
    expect(props.AuthToken).toEqual({
      'Fn::Sub': '{{resolve:secretsmanager:${RedisAuthSecret}:SecretString:token}}',
    });
    // BullMQ loses jobs if Redis evicts keys.
    expect(resources[props.CacheParameterGroupName.Ref]?.Properties).toMatchObject({
      CacheParameterGroupFamily: 'valkey8',
      Properties: { 'maxmemory-policy': 'noeviction' },
    });
    expect(resources[props.CacheSubnetGroupName.Ref]?.Properties.SubnetIds).toEqual({
      Ref: 'PrivateSubnetIds',
    });
  });

  it('generates an AUTH token ElastiCache accepts: 16-128 printable characters, no @, " or /', () => {
    const generate = resources.RedisAuthSecret?.Properties.GenerateSecretString;
    expect(generate.GenerateStringKey).toBe('token');
    expect(generate.PasswordLength).toBeGreaterThanOrEqual(16);
    expect(generate.PasswordLength).toBeLessThanOrEqual(128);
    expect(generate.IncludeSpace).not.toBe(true);
    const excluded =
      generate.ExcludePunctuation === true ? '@"/' : (generate.ExcludeCharacters ?? '');
    for (const c of '@"/') expect(excluded).toContain(c);
    expect(resources.RedisAuthSecret?.Properties.Name).toEqual({
      'Fn::Sub': REDIS_AUTH_SECRET_NAME,
    });
    expect(
      REDIS_AUTH_SECRET_NAME.replace('${Environment}', template.Parameters.Environment.Default),
    ).toBe(exampleSettings.redis.authSecret);
  });

  it('lets only the pods security group reach Redis, on 6379, and Redis reach nothing', () => {
    const group = resources.RedisSecurityGroup?.Properties;
    expect(group.VpcId).toEqual({ Ref: 'VpcId' });
    expect(group.SecurityGroupIngress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 6379,
        ToPort: 6379,
        SourceSecurityGroupId: { Ref: 'PodSecurityGroupId' },
      }),
    ]);
    expect(group.SecurityGroupIngress[0]).not.toHaveProperty('CidrIp');
    expect(group.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' }),
    ]);
    expect(resources.Redis?.Properties.SecurityGroupIds).toEqual([
      { 'Fn::GetAtt': ['RedisSecurityGroup', 'GroupId'] },
    ]);
    for (const parameter of ['VpcId', 'PrivateSubnetIds', 'PodSecurityGroupId'])
      expect(template.Parameters[parameter]?.Type).toMatch(/^(List<)?AWS::EC2::/);
  });

  it('creates the S3, DynamoDB and SQS VPC endpoints only when asked, on the private route tables and subnets', () => {
    const endpoints = ['S3Endpoint', 'DynamoDbEndpoint', 'SqsEndpoint', 'SqsEndpointSecurityGroup'];
    for (const id of endpoints) expect(resources[id]?.Condition, id).toBe('CreateVpcEndpoints');
    expect(template.Conditions.CreateVpcEndpoints).toEqual({
      'Fn::Equals': [{ Ref: 'CreateVpcEndpoints' }, 'true'],
    });
    expect(template.Parameters.CreateVpcEndpoints).toMatchObject({
      Default: 'false',
      AllowedValues: ['true', 'false'],
    });
    expect(template.Parameters.PrivateRouteTableIds.Type).toBe('CommaDelimitedList');
    for (const [id, service] of [
      ['S3Endpoint', 's3'],
      ['DynamoDbEndpoint', 'dynamodb'],
    ] as const) {
      expect(resources[id]?.Properties, id).toEqual({
        VpcEndpointType: 'Gateway',
        ServiceName: { 'Fn::Sub': `com.amazonaws.\${AWS::Region}.${service}` },
        VpcId: { Ref: 'VpcId' },
        RouteTableIds: { Ref: 'PrivateRouteTableIds' },
      });
    }
    expect(resources.SqsEndpoint?.Properties).toEqual({
      VpcEndpointType: 'Interface',
      ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.sqs' },
      VpcId: { Ref: 'VpcId' },
      SubnetIds: { Ref: 'PrivateSubnetIds' },
      SecurityGroupIds: [{ 'Fn::GetAtt': ['SqsEndpointSecurityGroup', 'GroupId'] }],
      // The queue URLs the services already have resolve to the endpoint.
      PrivateDnsEnabled: true,
    });
  });

  it('opens the SQS endpoint on 443 to the pods security group only, and lets it reach nothing', () => {
    const group = resources.SqsEndpointSecurityGroup?.Properties;
    expect(group.VpcId).toEqual({ Ref: 'VpcId' });
    expect(group.SecurityGroupIngress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: { Ref: 'PodSecurityGroupId' },
      }),
    ]);
    expect(group.SecurityGroupIngress[0]).not.toHaveProperty('CidrIp');
    expect(group.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' }),
    ]);
  });

  it('gives every VPC endpoint only properties AWS::EC2::VPCEndpoint documents, with the ones its type needs', () => {
    // AWS::EC2::VPCEndpoint properties (CloudFormation resource reference).
    const documented = new Set([
      'DnsOptions',
      'IpAddressType',
      'PolicyDocument',
      'PrivateDnsEnabled',
      'ResourceConfigurationArn',
      'RouteTableIds',
      'SecurityGroupIds',
      'ServiceName',
      'ServiceNetworkArn',
      'ServiceRegion',
      'SubnetIds',
      'Tags',
      'VpcEndpointType',
      'VpcId',
    ]);
    const endpoints = Object.entries(resources).filter(
      ([, r]) => r.Type === 'AWS::EC2::VPCEndpoint',
    );
    expect(endpoints.map(([id]) => id).sort()).toEqual([
      'DynamoDbEndpoint',
      'S3Endpoint',
      'SqsEndpoint',
    ]);
    for (const [id, endpoint] of endpoints) {
      const properties = endpoint.Properties as Json;
      for (const key of Object.keys(properties))
        expect(documented.has(key), `${id}.${key}`).toBe(true);
      const needed =
        properties.VpcEndpointType === 'Gateway'
          ? ['RouteTableIds', 'ServiceName', 'VpcId']
          : ['SecurityGroupIds', 'ServiceName', 'SubnetIds', 'VpcId'];
      expect(Object.keys(properties), id).toEqual(expect.arrayContaining(needed));
      // A gateway endpoint takes no subnets or security groups; an interface one no route tables.
      const foreign =
        properties.VpcEndpointType === 'Gateway'
          ? ['SubnetIds', 'SecurityGroupIds', 'PrivateDnsEnabled']
          : ['RouteTableIds'];
      for (const key of foreign) expect(properties, `${id}.${key}`).not.toHaveProperty(key);
    }
  });

  it('hands helm the events role and the Redis endpoint, port and AUTH secret', () => {
    const helmSet = template.Outputs.HelmSetValues.Value['Fn::Sub'] as string;
    expect(helmSet.split(',')).toEqual(
      expect.arrayContaining([
        'events.roleArn=${EventsRole.Arn}',
        'redis.host=${Redis.PrimaryEndPoint.Address}',
        'redis.port=${Redis.PrimaryEndPoint.Port}',
        `redis.authSecret=${REDIS_AUTH_SECRET_NAME}`,
      ]),
    );
    // Every key of the --set line is a values path.
    for (const pair of helmSet.split(',')) {
      const path = pair.split('=')[0] as string;
      let node: unknown = exampleSettings;
      for (const key of path.split('.')) node = (node as Record<string, unknown>)[key];
      expect(node, path).toBeDefined();
    }
    expect(resources.EventsRepository?.Properties.RepositoryName).toBe('videoforge/events');
  });

  it('has the single table with GSI1 and the user pool with its client and admin group', () => {
    expect(resources.Table?.Properties.GlobalSecondaryIndexes[0].IndexName).toBe('GSI1');
    expect(resources.AdminGroup?.Properties.GroupName).toBe('admin');
    expect(resources.UserPoolClient?.Properties.ExplicitAuthFlows).toContain(
      'ALLOW_USER_PASSWORD_AUTH',
    );
  });
});

describe('IAM', () => {
  const statements = Object.values(rolePolicies).flat() as Statement[];

  it('grants no wildcard action and no account-wide resource', () => {
    for (const s of statements) {
      for (const action of s.Action) expect(action).not.toMatch(/\*/);
      for (const resource of [s.Resource].flat())
        expect(resource['Fn::Sub']).not.toMatch(/^\*$|:\*$/);
    }
  });

  it('scopes object access to the bucket prefixes the SPEC defines', () => {
    // Listing actions name the bucket; their s3:prefix condition scopes them.
    const BUCKET_LEVEL = new Set([
      's3:ListBucket',
      's3:ListBucketVersions',
      's3:ListBucketMultipartUploads',
    ]);
    for (const s of statements.filter((st) =>
      st.Action.some((a) => a.startsWith('s3:') && !BUCKET_LEVEL.has(a)),
    )) {
      for (const resource of [s.Resource].flat())
        expect(resource['Fn::Sub']).toMatch(/\/(raw|transcoded|hls|thumbnails)\/\*$/);
    }
  });

  it('gives each role exactly these actions', () => {
    expect(actionsOf('api')).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:DescribeTable',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:GetObject',
      's3:ListBucket',
      's3:ListBucketVersions',
      's3:ListMultipartUploadParts',
      's3:PutObject',
      'sqs:SendMessage',
    ]);
    expect(actionsOf('admin')).toEqual([
      'cognito-idp:ListUsers',
      'cognito-idp:ListUsersInGroup',
      'dynamodb:DescribeTable',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      's3:GetObject',
      's3:ListBucket',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ]);
    expect(actionsOf('transcoder')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
    expect(actionsOf('lambda')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      'sqs:SendMessage',
    ]);
    expect(actionsOf('events')).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:DescribeTable',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:DeleteObjectVersion',
      's3:ListBucketMultipartUploads',
      's3:ListBucketVersions',
      's3:ListMultipartUploadParts',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ]);
    expect(actionsOf('externalSecrets')).toEqual([
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
      'ssm:GetParameters',
    ]);
  });

  it('lets the events role peek at the DLQ but never delete from it, and send only to the jobs queue', () => {
    const events = rolePolicies.events as readonly Statement[];
    const on = (queue: string) =>
      events
        .filter((st) => JSON.stringify(st.Resource).includes(queue))
        .flatMap((st) => st.Action.filter((a) => a.startsWith('sqs:')))
        .sort();
    expect(on('${DeadLetterQueue.Arn}')).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
    expect(on('${JobsQueue.Arn}')).toEqual(['sqs:GetQueueAttributes', 'sqs:SendMessage']);
    // Deletes and multipart aborts only below raw/ (abandoned uploads). Removing a video lists the
    // versions of each key it could have, so listing (only) reaches the other prefixes too.
    for (const st of events.filter((s) => s.Action.some((a) => a.startsWith('s3:')))) {
      if (st.Action.includes('s3:ListBucketMultipartUploads')) continue;
      const prefixes = st.Condition?.StringLike?.['s3:prefix'];
      if (prefixes) {
        expect(st.Action).toEqual(['s3:ListBucketVersions']);
        expect(prefixes).toEqual(['raw/*', 'transcoded/*', 'hls/*', 'thumbnails/*']);
      } else for (const r of [st.Resource].flat()) expect(r['Fn::Sub']).toMatch(/\/raw\/\*$/);
    }
    // The outbox is read through GSI2: the role reaches the table's indexes.
    const dynamo = events.find((st) => st.Action.includes('dynamodb:Query'));
    expect(dynamo?.Resource).toEqual([
      { 'Fn::Sub': '${Table.Arn}' },
      { 'Fn::Sub': '${Table.Arn}/index/*' },
    ]);
  });

  it('lets only the SecretStore role read the playback signing keys, and no other secret', () => {
    const readers = Object.entries(rolePolicies).filter(([, policy]) =>
      (policy as readonly Statement[]).some((st) =>
        st.Action.some((a) => a.startsWith('secretsmanager:')),
      ),
    );
    expect(readers.map(([role]) => role)).toEqual(['externalSecrets']);
    const statement = rolePolicies.externalSecrets.find((st) => st.Sid === 'PlaybackSigningKeys');
    expect(statement?.Resource).toEqual([{ 'Fn::Sub': '${PlaybackSigningSecret}' }]);
    // Besides them, exactly the Redis AUTH token.
    const secrets = rolePolicies.externalSecrets
      .filter((st) => st.Action.some((a) => a.startsWith('secretsmanager:')))
      .flatMap((st) => [st.Resource].flat());
    expect(secrets).toEqual([
      { 'Fn::Sub': '${PlaybackSigningSecret}' },
      { 'Fn::Sub': '${RedisAuthSecret}' },
    ]);
  });

  it('trusts exactly the ServiceAccounts the chart creates (KEDA only for its scaler role)', () => {
    const objects = synthEnv('default');
    const trust = (role: string) =>
      resources[role]?.Properties.AssumeRolePolicyDocument['Fn::Sub'] as string;
    const subjectFor = (name: string) =>
      `system:serviceaccount:\${Namespace}:\${ReleaseName}-${name.replace(/^videoforge-/, '')}`;
    for (const [role, account] of [
      ['ApiRole', 'videoforge-api'],
      ['AdminRole', 'videoforge-admin'],
      ['TranscoderRole', 'videoforge-transcoder'],
      ['EventsRole', 'videoforge-events'],
      ['ExternalSecretsRole', 'videoforge-parameter-store'],
    ] as const) {
      expect(find(objects, 'ServiceAccount', account)).toBeTruthy();
      const document = JSON.parse(trust(role));
      const subjects = [document.Statement[0].Condition.StringEquals['${OidcProvider}:sub']].flat();
      expect(subjects[0]).toBe(subjectFor(account));
      expect(subjects).toHaveLength(1);
    }
    // Both SecretStores (Parameter Store and Secrets Manager) use the one trusted ServiceAccount.
    const stores = objects.filter((o) => o.kind === 'SecretStore');
    expect(stores).toHaveLength(2);
    for (const store of stores)
      expect(store.spec.provider.aws.auth.jwt.serviceAccountRef.name).toBe(
        'videoforge-parameter-store',
      );
    expect(trust('TranscoderRole')).not.toContain('KedaServiceAccount');
  });

  it('lists a bucket only below exact prefixes (StringLike), for every ListBucket statement', () => {
    const listing: string[] = [];
    for (const [role, policy] of Object.entries(rolePolicies)) {
      for (const st of policy as readonly Statement[]) {
        if (!st.Action.some((a) => /^s3:ListBucket(Versions)?$/.test(a))) continue;
        const id = `${role}/${st.Sid}`;
        listing.push(id);
        expect(Object.keys(st.Condition ?? {}), id).toEqual(['StringLike']);
        const prefixes = st.Condition?.StringLike?.['s3:prefix'] as string[];
        expect(prefixes.length, id).toBeGreaterThan(0);
        for (const p of prefixes) expect(p, id).toMatch(/^(raw|transcoded|hls|thumbnails)\/\*$/);
      }
    }
    expect(listing.sort()).toEqual([
      'admin/MissingSources',
      'api/DeleteVideoVersions',
      'api/ReadinessAndHlsListing',
      'events/AbandonedUploadVersions',
      'lambda/MissingUploads',
      'transcoder/OutputListing',
    ]);
    expect(JSON.stringify(template)).not.toContain('IfExists');
    expect(rolePolicies.api.find((st) => st.Sid === 'ReadinessAndHlsListing')?.Condition).toEqual({
      StringLike: { 's3:prefix': ['hls/*'] },
    });
  });

  it('gives KEDA a scaler-only role: queue depth of the jobs queue, trusted by its operator alone', () => {
    const role = resources.KedaScalerRole?.Properties;
    expect(role.RoleName).toEqual({ 'Fn::Sub': 'videoforge-${Environment}-keda-scaler' });
    expect(role.Policies).toHaveLength(1);
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([
      {
        Sid: 'QueueDepth',
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes'],
        Resource: [{ 'Fn::Sub': '${JobsQueue.Arn}' }],
      },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
    const document = JSON.parse(role.AssumeRolePolicyDocument['Fn::Sub'] as string);
    expect(document.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: {
          Federated: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/${OidcProvider}',
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            '${OidcProvider}:aud': 'sts.amazonaws.com',
            '${OidcProvider}:sub': 'system:serviceaccount:${KedaServiceAccount}',
          },
        },
      },
    ]);
    const helmSet = (template.Outputs.HelmSetValues.Value['Fn::Sub'] as string).split(',');
    expect(helmSet).toContain('transcoder.scaling.roleArn=${KedaScalerRole.Arn}');
    expect(template.Outputs.KedaScalerRoleArn.Value).toEqual({
      'Fn::GetAtt': ['KedaScalerRole', 'Arn'],
    });
  });

  it('trusts web identities of this account and OIDC provider only, with exact sub and aud', () => {
    const roles = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThanOrEqual(7);
    for (const [name, r] of roles) {
      const raw = r.Properties.AssumeRolePolicyDocument;
      const document = typeof raw['Fn::Sub'] === 'string' ? JSON.parse(raw['Fn::Sub']) : raw;
      expect(JSON.stringify(document), name).not.toMatch(/iam::\*|"\*"/);
      for (const st of document.Statement) {
        if (st.Principal.Service) {
          expect(st.Principal.Service, name).toBe('lambda.amazonaws.com');
          continue;
        }
        expect(st.Principal.Federated, name).toBe(
          'arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/${OidcProvider}',
        );
        expect(Object.keys(st.Condition), name).toEqual(['StringEquals']);
        expect(st.Condition.StringEquals['${OidcProvider}:aud'], name).toBe('sts.amazonaws.com');
        for (const subject of [st.Condition.StringEquals['${OidcProvider}:sub']].flat())
          expect(subject, name).toMatch(/^system:serviceaccount:[^*?]+$/);
      }
    }
  });

  it('lets eksctl create no role reaching other accounts, and grants the KEDA operator nothing', () => {
    const cluster = parse(
      readFileSync(new URL('../../../eksctl/cluster.yaml', import.meta.url), 'utf8'),
    );
    const text = JSON.stringify(cluster);
    expect(text).not.toContain('arn:aws:iam::*');
    const keda = cluster.iam.serviceAccounts.find(
      (sa: { metadata: { name: string } }) => sa.metadata.name === 'keda-operator',
    );
    expect(keda.attachPolicy.Statement).toEqual([{ Effect: 'Deny', Action: '*', Resource: '*' }]);
    expect(template.Parameters.KedaServiceAccount.Default).toBe(
      `${keda.metadata.namespace}:${keda.metadata.name}`,
    );
  });
});
