import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

export interface UserPoolSettings {
  adminEmail: string;
  adminPassword: string;
}

export interface UserPool {
  userPoolId: string;
  clientId: string;
}

const POOL_NAME = 'videoforge-local';
const ADMIN_GROUP = 'admin';

export async function provisionUserPool(
  cognito: CognitoIdentityProviderClient,
  settings: UserPoolSettings,
): Promise<UserPool> {
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: POOL_NAME,
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  );
  const userPoolId = UserPool?.Id;
  if (!userPoolId) throw new Error('Cognito emulator returned no user pool id');
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: POOL_NAME,
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = UserPoolClient?.ClientId;
  if (!clientId) throw new Error('Cognito emulator returned no app client id');
  await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: ADMIN_GROUP }));
  await seedAdmin(cognito, userPoolId, settings);
  return { userPoolId, clientId };
}

/** A confirmed user with a permanent password (no FORCE_CHANGE_PASSWORD challenge) in the admin group. */
async function seedAdmin(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  settings: UserPoolSettings,
) {
  const username = settings.adminEmail;
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: username },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: username,
      Password: settings.adminPassword,
      Permanent: true,
    }),
  );
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: userPoolId,
      Username: username,
      GroupName: ADMIN_GROUP,
    }),
  );
}
