import {
  ListUsersCommand,
  ListUsersInGroupCommand,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DependencyError,
  ValidationError,
  isSafeId,
  type DirectoryUser,
  type Page,
  type UserDirectory,
} from '@videoforge/core';
import { decodeCursor, encodeCursor, userPoolCursor } from './listing-cursor.ts';

/** Cognito's own maximum page size for ListUsers and ListUsersInGroup. */
const MAX_PAGE = 60;

/**
 * The user pool, read through ListUsers (paginated by Cognito's PaginationToken) and
 * ListUsersInGroup. Needs cognito-idp:ListUsers and cognito-idp:ListUsersInGroup, nothing more.
 */
export class CognitoUserDirectory implements UserDirectory {
  private readonly client: CognitoIdentityProviderClient;
  private readonly userPoolId: string;

  constructor(client: CognitoIdentityProviderClient, userPoolId: string) {
    this.client = client;
    this.userPoolId = userPoolId;
  }

  async list(opts: { limit: number; cursor?: string }): Promise<Page<DirectoryUser>> {
    const token = opts.cursor ? decodeCursor(opts.cursor, userPoolCursor).token : undefined;
    const out = await this.call(() =>
      this.client.send(
        new ListUsersCommand({
          UserPoolId: this.userPoolId,
          Limit: Math.min(opts.limit, MAX_PAGE),
          PaginationToken: token,
        }),
      ),
    );
    return {
      items: (out.Users ?? []).flatMap(toDirectoryUser),
      nextCursor: out.PaginationToken ? encodeCursor({ token: out.PaginationToken }) : undefined,
    };
  }

  async find(userId: string): Promise<DirectoryUser | undefined> {
    // The id goes into a filter expression: only ids that cannot break out of the quotes.
    if (!isSafeId(userId)) return undefined;
    const out = await this.call(() =>
      this.client.send(
        new ListUsersCommand({
          UserPoolId: this.userPoolId,
          Filter: `sub = "${userId}"`,
          Limit: 1,
        }),
      ),
    );
    return (out.Users ?? []).flatMap(toDirectoryUser).find((u) => u.userId === userId);
  }

  async membersOf(group: string): Promise<Set<string>> {
    const members = new Set<string>();
    let token: string | undefined;
    do {
      const out = await this.call(() =>
        this.client.send(
          new ListUsersInGroupCommand({
            UserPoolId: this.userPoolId,
            GroupName: group,
            Limit: MAX_PAGE,
            NextToken: token,
          }),
        ),
      );
      for (const user of (out.Users ?? []).flatMap(toDirectoryUser)) members.add(user.userId);
      token = out.NextToken || undefined;
    } while (token);
    return members;
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const name = (error as { name?: string }).name;
      // A pagination token Cognito does not accept (stale, forged) is the caller's mistake.
      if (name === 'InvalidParameterException')
        throw new ValidationError('cursor is not valid for this listing', 'cursor');
      throw new DependencyError(`user pool did not answer: ${name ?? 'error'}`, error);
    }
  }
}

function toDirectoryUser(user: UserType): DirectoryUser[] {
  const attribute = (name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;
  const userId = attribute('sub');
  if (!userId) return [];
  return [
    {
      userId,
      username: user.Username ?? userId,
      email: attribute('email'),
      status: user.UserStatus,
      enabled: user.Enabled ?? true,
      createdAt: toIso(user.UserCreateDate),
    },
  ];
}

function toIso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
