import { DEAD_LETTER_QUEUE, JOBS_QUEUE } from '@videoforge/adapters/queue-definitions';
import { TABLE_DEFINITION } from '@videoforge/adapters/table-definition';
import { stringify } from 'yaml';
import {
  PARAMETERS,
  PLAYBACK_SIGNING_KEYS,
  REDIS_AUTH_TOKEN_PROPERTY,
} from '../constructs/app-secrets.ts';
import { defaultSettings } from '../settings.ts';
import {
  BUCKET_NAME,
  KEDA_SCALER_POLICY,
  rolePolicies,
  type RoleName,
  type Statement,
} from './iam-policies.ts';

/**
 * The AWS side of a VideoForge environment as one CloudFormation stack (aws/videoforge.cfn.yaml),
 * deployed with one idempotent `aws cloudformation deploy` (README "AWS resources").
 *
 * Why CloudFormation and not ACK objects emitted by cdk8s: ACK has no controller for two things this
 * stack needs (the Lambda resource policy that lets S3 invoke the function, and Cognito user pool
 * groups), its controllers would run in the cluster with IAM-admin-like rights, and the bucket,
 * table and IRSA roles must exist before, and outlive, any cluster. One stack is one atomic,
 * rolled-back-on-failure unit with outputs the chart's values take.
 */
const sub = (s: string) => ({ 'Fn::Sub': s });
const ref = (name: string) => ({ Ref: name });
const getAtt = (resource: string, attribute: string) => ({ 'Fn::GetAtt': [resource, attribute] });
const ifLambda = (value: unknown) => ({ 'Fn::If': ['HasLambdaImage', value, ref('AWS::NoValue')] });

/** Kubernetes ServiceAccount of each IRSA role, relative to the release (labels.ts resourceName). */
const SERVICE_ACCOUNTS: Readonly<Record<Exclude<RoleName, 'lambda'>, string>> = {
  api: 'api',
  admin: 'admin',
  transcoder: 'transcoder',
  events: 'events',
  externalSecrets: 'parameter-store',
};

const ROLE_SUFFIX: Readonly<Record<RoleName, string>> = {
  api: 'api',
  admin: 'admin',
  transcoder: 'transcoder',
  lambda: 'upload-lambda',
  events: 'events',
  externalSecrets: 'external-secrets',
};

function logicalId(role: RoleName): string {
  return `${role.charAt(0).toUpperCase()}${role.slice(1)}Role`;
}

function policyDocument(statements: readonly Statement[]) {
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * An IRSA trust policy. The condition keys embed the cluster's OIDC provider, and a JSON key cannot
 * be an intrinsic function, so the document is a Fn::Sub'd JSON string (CloudFormation accepts a
 * string for a JSON property).
 */
function irsaTrust(subjects: readonly string[]): { 'Fn::Sub': string } {
  const doc = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/${OidcProvider}',
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            '${OidcProvider}:aud': 'sts.amazonaws.com',
            '${OidcProvider}:sub': subjects.length === 1 ? subjects[0] : subjects,
          },
        },
      },
    ],
  };
  return sub(JSON.stringify(doc, null, 2));
}

function irsaRole(role: Exclude<RoleName, 'lambda'>) {
  const subjects = [
    `system:serviceaccount:\${Namespace}:\${ReleaseName}-${SERVICE_ACCOUNTS[role]}`,
  ];
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: sub(`videoforge-\${Environment}-${ROLE_SUFFIX[role]}`),
      AssumeRolePolicyDocument: irsaTrust(subjects),
      Policies: [{ PolicyName: 'videoforge', PolicyDocument: policyDocument(rolePolicies[role]) }],
    },
  };
}

const repositories = ['api', 'admin', 'transcoder', 'events', 'web', 'lambda'] as const;

/** The api's HLS signing keys in Secrets Manager (the chart's `externalSecrets.playbackSigningSecret`). */
export const PLAYBACK_SIGNING_SECRET_NAME = 'videoforge/${Environment}/playback-signing-keys';

/** The Redis AUTH token in Secrets Manager (the chart's `redis.authSecret`), JSON `{"token"}`. */
export const REDIS_AUTH_SECRET_NAME = 'videoforge/${Environment}/redis-auth';

/** ElastiCache's port for the replication group (the chart's `redis.port`). */
export const REDIS_PORT = 6379;

export function cloudFormationTemplate(): Record<string, unknown> {
  const s = defaultSettings;
  const resources: Record<string, unknown> = {};
  for (const name of repositories) {
    resources[`${name.charAt(0).toUpperCase()}${name.slice(1)}Repository`] = {
      Type: 'AWS::ECR::Repository',
      Condition: 'CreateRepositories',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        RepositoryName: `videoforge/${name}`,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'MUTABLE',
      },
    };
  }

  resources.VideosBucket = {
    Type: 'AWS::S3::Bucket',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    // The bucket may only point at the Lambda once S3 is allowed to invoke it; DependsOn cannot be
    // conditional, so a conditional reference in Metadata orders the two instead.
    Metadata: { UploadPermission: { 'Fn::If': ['HasLambdaImage', ref('UploadPermission'), ''] } },
    Properties: {
      BucketName: sub(BUCKET_NAME),
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      // Browsers PUT uploads and GET playback straight to S3 with presigned URLs.
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedMethods: ['PUT', 'GET', 'HEAD'],
            AllowedOrigins: [ref('CorsAllowedOrigin')],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['ETag'],
            MaxAge: 3000,
          },
        ],
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'abort-incomplete-uploads',
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 },
          },
          {
            Id: 'expire-deleted-versions',
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          },
        ],
      },
      NotificationConfiguration: ifLambda({
        LambdaConfigurations: [
          {
            Event: 's3:ObjectCreated:*',
            Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'raw/' }] } },
            Function: getAtt('UploadFunction', 'Arn'),
          },
        ],
      }),
    },
  };

  resources.DeadLetterQueue = {
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: sub('videoforge-${Environment}-jobs-dlq'),
      MessageRetentionPeriod: DEAD_LETTER_QUEUE.retentionSeconds,
      SqsManagedSseEnabled: true,
    },
  };
  resources.JobsQueue = {
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: sub('videoforge-${Environment}-jobs'),
      VisibilityTimeout: JOBS_QUEUE.visibilityTimeoutSeconds,
      ReceiveMessageWaitTimeSeconds: JOBS_QUEUE.receiveWaitSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: getAtt('DeadLetterQueue', 'Arn'),
        maxReceiveCount: JOBS_QUEUE.maxReceiveCount,
      },
    },
  };
  resources.DeadLetterAlarm = {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: sub('videoforge-${Environment}-dead-letters'),
      AlarmDescription:
        `Transcode jobs failed ${JOBS_QUEUE.maxReceiveCount} times and are in the DLQ ` +
        '(inspect: GET /api/admin/dlq)',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt('DeadLetterQueue', 'QueueName') }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: { 'Fn::If': ['HasAlarmTopic', [ref('AlarmTopicArn')], ref('AWS::NoValue')] },
    },
  };

  resources.Table = {
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      TableName: sub('videoforge-${Environment}'),
      // Keys, indexes and TTL: the one definition local provisioning uses too.
      ...TABLE_DEFINITION,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    },
  };

  resources.UserPool = {
    Type: 'AWS::Cognito::UserPool',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      UserPoolName: sub('videoforge-${Environment}'),
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: false,
        },
      },
      DeletionProtection: 'ACTIVE',
    },
  };
  resources.UserPoolClient = {
    Type: 'AWS::Cognito::UserPoolClient',
    Properties: {
      UserPoolId: ref('UserPool'),
      ClientName: sub('videoforge-${Environment}'),
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
    },
  };
  resources.AdminGroup = {
    Type: 'AWS::Cognito::UserPoolGroup',
    Properties: {
      UserPoolId: ref('UserPool'),
      GroupName: 'admin',
      Description: 'VideoForge administrators',
    },
  };

  // What the ExternalSecret reads (constructs/app-secrets.ts PARAMETERS): ids AWS generates.
  const parameterValues: Record<string, unknown> = {
    COGNITO_USER_POOL_ID: ref('UserPool'),
    COGNITO_CLIENT_ID: ref('UserPoolClient'),
  };
  for (const [envName, parameter] of Object.entries(PARAMETERS)) {
    const value = parameterValues[envName];
    if (!value) throw new Error(`no stack value for the Parameter Store entry ${parameter}`);
    resources[
      `${envName.toLowerCase().replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase())}Parameter`
    ] = {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: sub(`/videoforge/\${Environment}/${parameter}`),
        Type: 'String',
        Value: value,
      },
    };
  }

  // One key for every api replica, generated here once: `current` signs, `previous` (empty until a
  // rotation) still verifies; the ExternalSecret hands both to the api (PLAYBACK_SIGNING_KEYS).
  // Rotating rewrites the value (README "Production guards and playback links"); editing
  // GenerateSecretString would make CloudFormation replace the value, breaking every live link.
  resources.PlaybackSigningSecret = {
    Type: 'AWS::SecretsManager::Secret',
    Properties: {
      Name: sub(PLAYBACK_SIGNING_SECRET_NAME),
      Description:
        'VideoForge HLS playback link keys: "current" signs and verifies, "previous" (may be empty) only verifies',
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({
          [PLAYBACK_SIGNING_KEYS.PLAYBACK_SIGNING_SECRET_PREVIOUS]: '',
        }),
        GenerateStringKey: PLAYBACK_SIGNING_KEYS.PLAYBACK_SIGNING_SECRET,
        PasswordLength: 64,
        // Letters and digits only: the value passes through JSON, a Secret and an env var untouched.
        ExcludePunctuation: true,
      },
    },
  };

  Object.assign(resources, redisResources(), vpcEndpointResources());

  for (const role of ['api', 'admin', 'transcoder', 'events', 'externalSecrets'] as const) {
    resources[logicalId(role)] = irsaRole(role);
  }
  // KEDA's operator reads the queue depth with a role of its own (TriggerAuthentication
  // podIdentity.roleArn): one action on one queue, trusted only by the operator's ServiceAccount.
  resources.KedaScalerRole = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: sub('videoforge-${Environment}-keda-scaler'),
      AssumeRolePolicyDocument: irsaTrust(['system:serviceaccount:${KedaServiceAccount}']),
      Policies: [{ PolicyName: 'videoforge', PolicyDocument: policyDocument(KEDA_SCALER_POLICY) }],
    },
  };
  resources[logicalId('lambda')] = {
    Type: 'AWS::IAM::Role',
    Condition: 'HasLambdaImage',
    Properties: {
      RoleName: sub(`videoforge-\${Environment}-${ROLE_SUFFIX.lambda}`),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      ManagedPolicyArns: [
        sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'),
      ],
      Policies: [{ PolicyName: 'videoforge', PolicyDocument: policyDocument(rolePolicies.lambda) }],
    },
  };
  resources.UploadFunction = {
    Type: 'AWS::Lambda::Function',
    Condition: 'HasLambdaImage',
    Properties: {
      FunctionName: sub('videoforge-${Environment}-upload'),
      PackageType: 'Image',
      Code: { ImageUri: ref('LambdaImageUri') },
      Role: getAtt(logicalId('lambda'), 'Arn'),
      MemorySize: 256,
      Timeout: 30,
      Environment: {
        Variables: {
          LOG_LEVEL: s.logLevel,
          SQS_JOBS_QUEUE_URL: ref('JobsQueue'),
          DYNAMODB_TABLE: ref('Table'),
          MAX_UPLOAD_BYTES: String(s.api.maxUploadBytes),
        },
      },
    },
  };
  resources.UploadPermission = {
    Type: 'AWS::Lambda::Permission',
    Condition: 'HasLambdaImage',
    Properties: {
      FunctionName: ref('UploadFunction'),
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      SourceArn: sub(`arn:\${AWS::Partition}:s3:::${BUCKET_NAME}`),
      SourceAccount: ref('AWS::AccountId'),
    },
  };

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'VideoForge: S3, SQS + DLQ, DynamoDB, Cognito, the upload Lambda, ElastiCache Valkey for BullMQ, Parameter Store entries, the playback signing keys, the Redis AUTH token, IRSA roles and (optionally) VPC endpoints for S3, DynamoDB and SQS',
    Parameters: {
      Environment: {
        Type: 'String',
        Default: 'prod',
        AllowedPattern: '^[a-z][a-z0-9-]{1,20}$',
        Description: 'Name of the environment, part of every resource name',
      },
      OidcProvider: {
        Type: 'String',
        AllowedPattern: '^oidc\\.eks\\.[a-z0-9-]+\\.amazonaws\\.com/id/[A-Z0-9]+$',
        Description:
          'The cluster OIDC issuer without https:// (aws eks describe-cluster --query cluster.identity.oidc.issuer)',
      },
      Namespace: {
        Type: 'String',
        Default: s.release.namespace,
        Description: 'Kubernetes namespace of the Helm release',
      },
      ReleaseName: {
        Type: 'String',
        Default: s.release.name,
        Description: 'Helm release name (prefix of the ServiceAccounts)',
      },
      KedaServiceAccount: {
        Type: 'String',
        Default: 'keda:keda-operator',
        Description: 'namespace:name of the KEDA operator ServiceAccount',
      },
      LambdaImageUri: {
        Type: 'String',
        Default: '',
        Description:
          'Upload Lambda image (ECR URI with tag or digest); empty on the first deploy, before images are pushed',
      },
      CreateRepositories: {
        Type: 'String',
        Default: 'true',
        AllowedValues: ['true', 'false'],
        Description: `Create the ${repositories.length} ECR repositories (once per account)`,
      },
      CorsAllowedOrigin: {
        Type: 'String',
        Default: '*',
        Description: 'Origin allowed to PUT/GET with presigned URLs',
      },
      AlarmTopicArn: {
        Type: 'String',
        Default: '',
        Description: 'SNS topic for the DLQ alarm (optional)',
      },
      VpcId: {
        Type: 'AWS::EC2::VPC::Id',
        Description:
          'The cluster VPC (aws eks describe-cluster --query cluster.resourcesVpcConfig.vpcId)',
      },
      PrivateSubnetIds: {
        Type: 'List<AWS::EC2::Subnet::Id>',
        Description:
          'Private subnets of the cluster VPC, in two or more Availability Zones, for the Redis nodes',
      },
      PodSecurityGroupId: {
        Type: 'AWS::EC2::SecurityGroup::Id',
        Description:
          'Security group of the pods: Fargate pods get the cluster security group (aws eks describe-cluster --query cluster.resourcesVpcConfig.clusterSecurityGroupId). Only it may reach Redis on 6379',
      },
      CreateVpcEndpoints: {
        Type: 'String',
        Default: 'false',
        AllowedValues: ['true', 'false'],
        Description:
          'Create VPC endpoints for S3 and DynamoDB (gateway) and SQS (interface, private DNS), so the pods reach them without a NAT gateway. false when the VPC already has them (one per service and VPC)',
      },
      PrivateRouteTableIds: {
        Type: 'CommaDelimitedList',
        Default: '',
        Description:
          'Route tables of the private subnets, for the S3 and DynamoDB gateway endpoints (required when CreateVpcEndpoints is true)',
      },
      RedisNodeType: {
        Type: 'String',
        Default: 'cache.t4g.small',
        AllowedPattern: '^cache\\.[a-z0-9]+\\.[a-z0-9]+$',
        Description: 'ElastiCache node type of the two Redis (Valkey) nodes',
      },
    },
    Conditions: {
      HasLambdaImage: { 'Fn::Not': [{ 'Fn::Equals': [ref('LambdaImageUri'), ''] }] },
      HasAlarmTopic: { 'Fn::Not': [{ 'Fn::Equals': [ref('AlarmTopicArn'), ''] }] },
      CreateRepositories: { 'Fn::Equals': [ref('CreateRepositories'), 'true'] },
      CreateVpcEndpoints: { 'Fn::Equals': [ref('CreateVpcEndpoints'), 'true'] },
    },
    Resources: resources,
    Outputs: outputs(),
  };
}

/** The rule AWS documents for a security group with no egress (it replaces the default allow-all). */
const NO_EGRESS = {
  IpProtocol: 'icmp',
  FromPort: 252,
  ToPort: 86,
  CidrIp: '255.255.255.255/32',
  Description: 'No egress',
};

/**
 * BullMQ's Redis: an ElastiCache Valkey replication group, cluster mode disabled (BullMQ's Lua
 * scripts touch many keys of a queue), a primary and a replica in two AZs with automatic
 * failover, TLS in transit, encrypted at rest, with an AUTH token Secrets Manager generates.
 * Only the pods' security group reaches it, on 6379; it reaches nothing.
 */
function redisResources(): Record<string, unknown> {
  return {
    RedisAuthSecret: {
      Type: 'AWS::SecretsManager::Secret',
      Properties: {
        Name: sub(REDIS_AUTH_SECRET_NAME),
        Description:
          'VideoForge Redis (ElastiCache) AUTH token: External Secrets builds REDIS_URL from it',
        GenerateSecretString: {
          SecretStringTemplate: '{}',
          GenerateStringKey: REDIS_AUTH_TOKEN_PROPERTY,
          // AUTH tokens are 16-128 printable characters without @, " or /; letters and digits
          // also need no escaping inside rediss://:<token>@host.
          PasswordLength: 64,
          ExcludePunctuation: true,
        },
      },
    },
    RedisSubnetGroup: {
      Type: 'AWS::ElastiCache::SubnetGroup',
      Properties: {
        CacheSubnetGroupName: sub('videoforge-${Environment}-redis'),
        Description: 'VideoForge BullMQ Redis: private subnets of the cluster VPC',
        SubnetIds: ref('PrivateSubnetIds'),
      },
    },
    RedisSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'VideoForge BullMQ Redis: 6379 from the cluster pods only',
        VpcId: ref('VpcId'),
        SecurityGroupIngress: [
          {
            IpProtocol: 'tcp',
            FromPort: REDIS_PORT,
            ToPort: REDIS_PORT,
            SourceSecurityGroupId: ref('PodSecurityGroupId'),
            Description: 'Redis (TLS) from the VideoForge pods',
          },
        ],
        // Replaces the default allow-all egress: Redis answers, it never calls out.
        SecurityGroupEgress: [NO_EGRESS],
        Tags: [{ Key: 'Name', Value: sub('videoforge-${Environment}-redis') }],
      },
    },
    RedisParameterGroup: {
      Type: 'AWS::ElastiCache::ParameterGroup',
      Properties: {
        CacheParameterGroupFamily: 'valkey8',
        Description: 'VideoForge BullMQ: never evict keys (BullMQ requires noeviction)',
        Properties: { 'maxmemory-policy': 'noeviction' },
      },
    },
    Redis: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: {
        ReplicationGroupId: sub('videoforge-${Environment}-events'),
        ReplicationGroupDescription: 'VideoForge BullMQ: webhook deliveries and maintenance jobs',
        Engine: 'valkey',
        EngineVersion: '8.0',
        CacheParameterGroupName: ref('RedisParameterGroup'),
        CacheNodeType: ref('RedisNodeType'),
        NumCacheClusters: 2,
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        Port: REDIS_PORT,
        CacheSubnetGroupName: ref('RedisSubnetGroup'),
        SecurityGroupIds: [getAtt('RedisSecurityGroup', 'GroupId')],
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        AtRestEncryptionEnabled: true,
        AuthToken: sub(
          `{{resolve:secretsmanager:\${RedisAuthSecret}:SecretString:${REDIS_AUTH_TOKEN_PROPERTY}}}`,
        ),
        AutoMinorVersionUpgrade: true,
        SnapshotRetentionLimit: 1,
      },
    },
  };
}

/**
 * The AWS APIs the pods call, reached inside the VPC (CreateVpcEndpoints): S3 and DynamoDB through
 * gateway endpoints on the private route tables (free, no security group), SQS through an interface
 * endpoint whose private DNS makes the regular queue URLs resolve to it, open on 443 to the pods'
 * security group only. Each endpoint keeps the default policy: IAM roles already scope every call,
 * and image pulls from ECR also read S3 (its layer bucket) through the gateway.
 */
function vpcEndpointResources(): Record<string, unknown> {
  const gateway = (service: string) => ({
    Type: 'AWS::EC2::VPCEndpoint',
    Condition: 'CreateVpcEndpoints',
    Properties: {
      VpcEndpointType: 'Gateway',
      ServiceName: sub(`com.amazonaws.\${AWS::Region}.${service}`),
      VpcId: ref('VpcId'),
      RouteTableIds: ref('PrivateRouteTableIds'),
    },
  });
  return {
    S3Endpoint: gateway('s3'),
    DynamoDbEndpoint: gateway('dynamodb'),
    SqsEndpointSecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Condition: 'CreateVpcEndpoints',
      Properties: {
        GroupDescription: 'VideoForge SQS endpoint: HTTPS from the cluster pods only',
        VpcId: ref('VpcId'),
        SecurityGroupIngress: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            SourceSecurityGroupId: ref('PodSecurityGroupId'),
            Description: 'SQS API (HTTPS) from the VideoForge pods',
          },
        ],
        // An endpoint answers; it never calls out.
        SecurityGroupEgress: [NO_EGRESS],
        Tags: [{ Key: 'Name', Value: sub('videoforge-${Environment}-sqs-endpoint') }],
      },
    },
    SqsEndpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Condition: 'CreateVpcEndpoints',
      Properties: {
        VpcEndpointType: 'Interface',
        ServiceName: sub('com.amazonaws.${AWS::Region}.sqs'),
        VpcId: ref('VpcId'),
        SubnetIds: ref('PrivateSubnetIds'),
        SecurityGroupIds: [getAtt('SqsEndpointSecurityGroup', 'GroupId')],
        PrivateDnsEnabled: true,
      },
    },
  };
}

function outputs(): Record<string, unknown> {
  const out = (value: unknown, description: string) => ({ Value: value, Description: description });
  return {
    BucketName: out(ref('VideosBucket'), 'aws.bucket'),
    JobsQueueUrl: out(ref('JobsQueue'), 'aws.jobsQueueUrl'),
    DeadLetterQueueUrl: out(ref('DeadLetterQueue'), 'aws.dlqUrl'),
    TableName: out(ref('Table'), 'aws.table'),
    UserPoolId: out(ref('UserPool'), 'in Parameter Store for the ExternalSecret'),
    UserPoolClientId: out(ref('UserPoolClient'), 'in Parameter Store for the ExternalSecret'),
    ApiRoleArn: out(getAtt('ApiRole', 'Arn'), 'api.roleArn'),
    AdminRoleArn: out(getAtt('AdminRole', 'Arn'), 'admin.roleArn'),
    TranscoderRoleArn: out(getAtt('TranscoderRole', 'Arn'), 'transcoder.roleArn'),
    KedaScalerRoleArn: out(getAtt('KedaScalerRole', 'Arn'), 'transcoder.scaling.roleArn'),
    EventsRoleArn: out(getAtt('EventsRole', 'Arn'), 'events.roleArn'),
    RedisPrimaryEndpoint: out(getAtt('Redis', 'PrimaryEndPoint.Address'), 'redis.host'),
    RedisPort: out(getAtt('Redis', 'PrimaryEndPoint.Port'), 'redis.port'),
    RedisAuthSecretName: out(
      sub(REDIS_AUTH_SECRET_NAME),
      'redis.authSecret (rotation: docs/events-operations.md)',
    ),
    ExternalSecretsRoleArn: out(getAtt('ExternalSecretsRole', 'Arn'), 'externalSecrets.roleArn'),
    PlaybackSigningSecretName: out(
      sub(PLAYBACK_SIGNING_SECRET_NAME),
      'externalSecrets.playbackSigningSecret (rotation: README "Production guards and playback links")',
    ),
    HelmSetValues: out(
      sub(
        [
          'aws.region=${AWS::Region}',
          'aws.bucket=${VideosBucket}',
          'aws.jobsQueueUrl=${JobsQueue}',
          'aws.dlqUrl=${DeadLetterQueue}',
          'aws.table=${Table}',
          'api.roleArn=${ApiRole.Arn}',
          'admin.roleArn=${AdminRole.Arn}',
          'transcoder.roleArn=${TranscoderRole.Arn}',
          'transcoder.scaling.roleArn=${KedaScalerRole.Arn}',
          'events.roleArn=${EventsRole.Arn}',
          'redis.host=${Redis.PrimaryEndPoint.Address}',
          'redis.port=${Redis.PrimaryEndPoint.Port}',
          `redis.authSecret=${REDIS_AUTH_SECRET_NAME}`,
          'externalSecrets.roleArn=${ExternalSecretsRole.Arn}',
          'externalSecrets.parameterPrefix=/videoforge/${Environment}',
          `externalSecrets.playbackSigningSecret=${PLAYBACK_SIGNING_SECRET_NAME}`,
        ].join(','),
      ),
      'helm --set argument with every value this stack determines',
    ),
  };
}

export function cloudFormationYaml(): string {
  const yaml = stringify(cloudFormationTemplate(), { lineWidth: 0, aliasDuplicateObjects: false })
    // YAML 1.1 readers take an unquoted 2010-09-09 for a date; CloudFormation wants the string.
    .replace(/^(\s*(?:AWSTemplateFormatVersion|Version): )(\d{4}-\d{2}-\d{2})$/gm, '$1"$2"');
  return `# Generated by \`npm run synth\` from cdk8s/src/aws: do not edit. Deploy: README "AWS resources".\n${yaml}`;
}
