import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Endpoint overrides point the same code at emulators; unset means the real AWS endpoints. */
export interface AwsSettings {
  region: string;
  endpoints: { s3?: string; sqs?: string; dynamodb?: string; cognito?: string };
  /** Emulators serve buckets by path, not by virtual host. */
  s3ForcePathStyle: boolean;
  /** Unset: the SDK's default provider chain (IRSA web identity on EKS). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createS3Client(settings: AwsSettings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoints.s3,
    credentials: settings.credentials,
    forcePathStyle: settings.s3ForcePathStyle,
    // Presigned PUTs must not carry a checksum of an empty body; compute checksums only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function createSqsClient(settings: AwsSettings): SQSClient {
  return new SQSClient({
    region: settings.region,
    endpoint: settings.endpoints.sqs,
    credentials: settings.credentials,
    // Send every call to the configured endpoint, whatever host a queue URL names.
    useQueueUrlAsEndpoint: false,
  });
}

export function createDynamoDocumentClient(settings: AwsSettings): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: settings.region,
    endpoint: settings.endpoints.dynamodb,
    credentials: settings.credentials,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function createCognitoClient(settings: AwsSettings): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: settings.region,
    endpoint: settings.endpoints.cognito,
    credentials: settings.credentials,
  });
}
